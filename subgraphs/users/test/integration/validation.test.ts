import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, codeOf, register, registerInput, startHarness, user, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness('users_validation');
});

afterAll(async () => {
  await h?.close();
});

const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { accessToken account { ... on User { userId } } } }';
const card = { cardToken: 'tok_visa_abc123', last4: '4242', cardType: 'Visa', expiryMonth: 12, expiryYear: 2030 };
const address = { street: '1 Main St', city: 'San Jose', state: 'CA', zip: '95113' };
const userCount = () => h.mongo.db.collection('users').countDocuments();

interface Rule {
  rule: string;
  input: Record<string, unknown>;
  path: string;
}

// One failing case per rule of the design (users collection) and of the issue.
const rules: Rule[] = [
  { rule: 'userId must have the SSN format', input: { userId: '123456789' }, path: 'input.userId' },
  { rule: 'email must be an email address', input: { email: 'alice-at-example.com' }, path: 'input.email' },
  { rule: 'password needs at least 8 characters', input: { password: 'Ab!1' }, path: 'input.password' },
  { rule: 'password needs an uppercase letter', input: { password: 'lower!case1' }, path: 'input.password' },
  { rule: 'password needs a lowercase letter', input: { password: 'UPPER!CASE1' }, path: 'input.password' },
  { rule: 'password needs a special character', input: { password: 'NoSpecial1x' }, path: 'input.password' },
  { rule: 'state must be a US state', input: { address: { ...address, state: 'Ontario' } }, path: 'input.address.state' },
  { rule: 'zip must be ##### or #####-####', input: { address: { ...address, zip: '9511' } }, path: 'input.address.zip' },
  { rule: 'zip+4 needs four digits', input: { address: { ...address, zip: '95113-12' } }, path: 'input.address.zip' },
  { rule: 'street is required', input: { address: { ...address, street: '  ' } }, path: 'input.address.street' },
  { rule: 'city is required', input: { address: { ...address, city: '' } }, path: 'input.address.city' },
  { rule: 'first name is required', input: { firstName: ' ' }, path: 'input.firstName' },
  { rule: 'last name is required', input: { lastName: '' }, path: 'input.lastName' },
  { rule: 'phone number must be a phone number', input: { phoneNumber: 'call me' }, path: 'input.phoneNumber' },
  { rule: 'profile image must be an http(s) URL', input: { profileImageUrl: 'javascript:alert(1)' }, path: 'input.profileImageUrl' },
  { rule: 'card expiry month must be at most 12', input: { paymentDetails: { ...card, expiryMonth: 13 } }, path: 'input.paymentDetails.expiryMonth' },
  { rule: 'card expiry month must be at least 1', input: { paymentDetails: { ...card, expiryMonth: 0 } }, path: 'input.paymentDetails.expiryMonth' },
  { rule: 'card expiry year must be 2020 or later', input: { paymentDetails: { ...card, expiryYear: 2019 } }, path: 'input.paymentDetails.expiryYear' },
  { rule: 'card last4 must be four digits', input: { paymentDetails: { ...card, last4: '42a2' } }, path: 'input.paymentDetails.last4' },
  { rule: 'card token must not be a raw card number', input: { paymentDetails: { ...card, cardToken: '4242 4242 4242 4242' } }, path: 'input.paymentDetails.cardToken' },
  { rule: 'card type is required', input: { paymentDetails: { ...card, cardType: '' } }, path: 'input.paymentDetails.cardType' },
];

describe('register validation', () => {
  it.each(rules)('rejects a registration where the $rule, naming $path, and writes nothing', async ({ input, path }) => {
    const before = await userCount();
    const response = await h.call(REGISTER, { input: registerInput(input) });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.fields).toEqual([{ path, message: expect.any(String) }]);
    expect(response.data ?? null).toBeNull();
    expect(await userCount()).toBe(before);
  });

  it('lists every invalid field of one input together', async () => {
    const response = await h.call(REGISTER, {
      input: registerInput({ userId: 'x', email: 'y', password: 'z', address: { street: '', city: 'X', state: 'ZZ', zip: '1' }, paymentDetails: { ...card, expiryMonth: 14, expiryYear: 1999 } }),
    });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    const paths = (response.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((field) => field.path);
    expect(paths).toEqual([
      'input.userId',
      'input.email',
      'input.password',
      'input.address.street',
      'input.address.state',
      'input.address.zip',
      'input.paymentDetails.expiryMonth',
      'input.paymentDetails.expiryYear',
    ]);
  });

  it('normalises: email to lowercase, a full state name to its abbreviation; accepts zip+4 and stores the card masked with its token', async () => {
    const input = registerInput({ email: '  Mixed.Case@Example.COM ', address: { ...address, state: 'new  york', zip: '10001-1234' }, paymentDetails: card });
    const response = await h.call(REGISTER, { input });
    expect(response.errors).toBeUndefined();
    const stored = await h.mongo.db.collection('users').findOne({ user_id: input.userId });
    expect(stored).toMatchObject({
      email: 'mixed.case@example.com',
      address: { state: 'NY', zip: '10001-1234' },
      payment_details: { card_token: 'tok_visa_abc123', masked_number: '**** **** **** 4242', card_type: 'Visa', expiry_month: 12, expiry_year: 2030 },
    });
  });
});

describe('duplicates', () => {
  it('rejects a registration with a taken userId as a CONFLICT that names no field (no SSN enumeration), writing nothing', async () => {
    const first = await register(h);
    const before = await userCount();
    const response = await h.call(REGISTER, { input: registerInput({ userId: first.input.userId }) });
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.extensions?.fields).toBeUndefined();
    expect(await userCount()).toBe(before);
  });

  it('rejects a registration with a taken email, in any case, with the same answer as a taken userId', async () => {
    const first = await register(h);
    const takenEmail = await h.call(REGISTER, { input: registerInput({ email: String(first.input.email).toUpperCase() }) });
    const takenUserId = await h.call(REGISTER, { input: registerInput({ userId: first.input.userId }) });
    expect(codeOf(takenEmail)).toBe('CONFLICT');
    expect(takenEmail.errors?.[0]).toEqual(takenUserId.errors?.[0]);
  });

  it('lets exactly one of two concurrent registrations of the same userId succeed; the other is a CONFLICT', async () => {
    const twin = registerInput();
    const responses = await Promise.all([h.call(REGISTER, { input: twin }), h.call(REGISTER, { input: { ...twin, email: `twin-${String(twin.email)}` } })]);
    expect(responses.map(codeOf).sort()).toEqual(['CONFLICT', undefined]);
    expect(await h.mongo.db.collection('users').countDocuments({ user_id: twin.userId })).toBe(1);
  });

  it('rejects a profile update to an email another user has as CONFLICT, changing nothing', async () => {
    const first = await register(h);
    const second = await register(h);
    const response = await h.call('mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { email } }', { input: { email: first.input.email, firstName: 'Changed' } }, user(String(second.input.userId)));
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.errors?.[0]?.extensions?.fields).toEqual([{ path: 'input.email', message: 'is already registered' }]);
    expect(await h.mongo.db.collection('users').findOne({ user_id: second.input.userId })).toMatchObject({ email: second.input.email, first_name: 'Dana' });
  });
});

describe('update validation', () => {
  const UPDATE = 'mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { userId } }';

  it('rejects an invalid field of a profile update and changes nothing', async () => {
    const { input } = await register(h);
    const response = await h.call(UPDATE, { input: { firstName: 'New', address: { ...address, zip: 'ABCDE' }, paymentDetails: { ...card, expiryYear: 2000 } } }, user(String(input.userId)));
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'input.address.zip', message: expect.any(String) },
      { path: 'input.paymentDetails.expiryYear', message: expect.any(String) },
    ]);
    expect(await h.mongo.db.collection('users').findOne({ user_id: input.userId })).toMatchObject({ first_name: 'Dana' });
  });

  it('rejects removing a required field with null', async () => {
    const { input } = await register(h);
    const response = await h.call(UPDATE, { input: { phoneNumber: null } }, user(String(input.userId)));
    expect(response.errors?.[0]?.extensions?.fields).toEqual([{ path: 'input.phoneNumber', message: 'cannot be removed' }]);
  });
});

describe('createAdmin validation', () => {
  it('rejects an invalid adminId and password, naming both', async () => {
    const response = await h.call(
      'mutation ($input: CreateAdminInput!) { createAdmin(input: $input) { adminId } }',
      { input: { adminId: '!', email: 'new-admin@example.com', password: 'short', firstName: 'A', lastName: 'B', address, phoneNumber: '408-555-0100' } },
      admin('ADM001', 'Super Admin'),
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect((response.errors?.[0]?.extensions?.fields as Array<{ path: string }>).map((field) => field.path)).toEqual(['input.adminId', 'input.password']);
    expect(await h.mongo.db.collection('admins').countDocuments()).toBe(0);
  });
});
