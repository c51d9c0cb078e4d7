import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InMemoryCache } from '@apollo/client';
import { Supergraph } from '@apollo/federation-internals';
import { generate } from '@graphql-codegen/cli';
import { defaultOperationDirs } from '@kayak/gateway';
import { Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadAllowlist, operationDocuments } from '../../../gateway/src/allowlist.js';
import { loadGatewaySettings } from '../../../gateway/src/config.js';
import { checkLimits, measureOperation } from '../../../gateway/src/limits.js';
import { composeSupergraph, readSupergraphConfig } from '../../../gateway/src/supergraph.js';
import { clientGenerates, loadPlugin } from '../../codegen/config.js';
import { possibleTypes, typePolicies } from '../../src/generated/cache.js';
import * as documents from '../../src/generated/graphql.js';
import * as hooks from '../../src/generated/hooks.js';

// The client's operations against the contracts of the gateway they are sent to. No I/O beyond
// reading the repository's files.
const clientRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repoRoot = join(clientRoot, '..');
const supergraphPath = join(repoRoot, 'gateway', 'supergraph.graphql');

const operationFiles = readdirSync(join(clientRoot, 'src', 'operations'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
  .map((entry) => join(entry.parentPath, entry.name))
  .sort();

// The fragments operations share (client/src/fragments), sent along with each operation that spreads them.
const fragmentDocuments = readdirSync(join(clientRoot, 'src', 'fragments'), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.graphql'))
  .map((entry) => parse(readFileSync(join(entry.parentPath, entry.name), 'utf8')));

interface Operation {
  file: string;
  name: string;
  kind: string;
  document: DocumentNode;
  /** The operation with the shared fragments it spreads: what the schema and the limits see. */
  withFragments: DocumentNode;
}

const operations: Operation[] = operationFiles.map((file) => {
  const document = parse(readFileSync(file, 'utf8'));
  const [definition] = document.definitions.filter((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  const withFragments = operationDocuments([document, ...fragmentDocuments])[0] ?? document;
  return { file: relative(clientRoot, file), name: definition?.name?.value ?? '', kind: definition?.operation ?? '', document, withFragments };
});

/** What clients run against: the supergraph without its join__/link__ machinery (as the gateway serves it). */
const apiSchema: GraphQLSchema = Supergraph.build(readFileSync(supergraphPath, 'utf8')).apiSchema().toGraphQLJSSchema();

/** The generated TypedDocumentNodes: what Apollo Client is handed at run time. */
const generatedDocuments = Object.entries(documents).filter((entry): entry is [string, DocumentNode] => entry[0].endsWith('Document'));

describe('client operations', () => {
  it('cover the main journeys: search, details, sign-in, booking, trips, reviews and reports', () => {
    expect(operations.map((operation) => operation.name)).toEqual(
      expect.arrayContaining([
        'SearchFlights', 'SearchHotels', 'SearchCars', 'FlightDetails', 'ListingDetails', 'Register', 'Login', 'CreateBooking', 'PayBooking',
        'CancelBooking', 'MyBookings', 'CreateReview', 'RevenueReport', 'TopListingsByClicks', 'ReviewCountsByListingType', 'BookingsReport',
      ]),
    );
  });

  it('hold one named operation per file, named like the file', () => {
    for (const operation of operations) {
      expect(operation.document.definitions, operation.file).toHaveLength(1);
      expect(`${operation.name}.graphql`, operation.file).toBe(basename(operation.file));
    }
  });

  it('are valid against the API schema of the composed supergraph', () => {
    for (const operation of operations) {
      expect(validate(apiSchema, operation.withFragments).map((error) => error.message), operation.file).toEqual([]);
    }
  });

  it('stay within the gateway default depth, cost and alias limits with their default page sizes', () => {
    const { limits } = loadGatewaySettings({ NODE_ENV: 'production' });
    for (const operation of operations) {
      const measure = measureOperation(apiSchema, operation.withFragments, operation.name);
      expect(checkLimits(measure, limits), `${operation.file}: ${JSON.stringify(measure)}`).toBeUndefined();
    }
  });

  it('reach the gateway exactly as registered in its allow-list, after Apollo cache adds __typename fields', () => {
    expect(defaultOperationDirs).toContain(join(clientRoot, 'src'));
    const allowlist = loadAllowlist(defaultOperationDirs);
    const cache = new InMemoryCache({ possibleTypes, typePolicies });
    expect(generatedDocuments).toHaveLength(operations.length);
    const unregistered = generatedDocuments.filter(([, document]) => !allowlist.has(cache.transformDocument(document))).map(([name]) => name);
    expect(unregistered).toEqual([]);
  });
});

describe('generated client code', () => {
  it('has one hook per operation (use<Name>Query and use<Name>LazyQuery, use<Name>Mutation) and no other', () => {
    const expected = operations.flatMap(({ name, kind }) => (kind === 'query' ? [`use${name}Query`, `use${name}LazyQuery`] : [`use${name}Mutation`]));
    expect(Object.keys(hooks).sort()).toEqual(expected.sort());
  });

  it('normalises every entity in the Apollo cache by its federation key and knows the union members', () => {
    expect(typePolicies).toEqual({
      Admin: { keyFields: ['adminId'] },
      Airline: { keyFields: ['code'] },
      Airport: { keyFields: ['code'] },
      Billing: { keyFields: ['billingId'] },
      Booking: { keyFields: ['bookingId'] },
      Car: { keyFields: ['carId'] },
      Flight: { keyFields: ['flightId'] },
      Hotel: { keyFields: ['hotelId'] },
      Review: { keyFields: ['reviewId'] },
      User: { keyFields: ['userId'] },
    });
    expect(possibleTypes).toEqual({ Account: ['Admin', 'User'], Listing: ['Car', 'Flight', 'Hotel'], Watch: ['HotelCityWatch', 'RouteWatch'] });
  });

  it('is what `npm run generate` makes from the current subgraph schemas and operations', async () => {
    expect(readFileSync(supergraphPath, 'utf8'), 'gateway/supergraph.graphql is stale: run npm run generate').toBe(composeSupergraph(readSupergraphConfig()).supergraphSdl);
    const outputs = await generate({ cwd: repoRoot, silent: true, overwrite: true, pluginLoader: loadPlugin, generates: clientGenerates }, false);
    expect(outputs.length).toBeGreaterThanOrEqual(4);
    for (const output of outputs) {
      const onDisk = readFileSync(join(repoRoot, output.filename), 'utf8');
      expect(onDisk === output.content, `${output.filename} is stale: run npm run generate`).toBe(true);
    }
  });
});
