import { generate } from './generate.js';

generate();
console.log('generated: Prisma client, subgraph resolver types, gateway/supergraph.graphql');
