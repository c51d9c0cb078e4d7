import { createTestMySql, testConfig, type TestMySql } from '@kayak/common/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../../src/repositories/prisma.js';
import { createSqlChargeLedger } from '../../src/repositories/simulatedCharges.js';
import { createSimulatedPaymentProvider, DECLINED_TEST_CARD } from '../../src/services/paymentProvider.js';

// Two bookings replicas, each with its own simulated provider over the same MySQL ledger (what
// createServer builds): a charge made through one is known to the other, so a retried payment or
// the other replica's hold sweeper never takes a charged attempt for an uncharged one.
const config = testConfig();
let mysql: TestMySql;
let first: PrismaClient;
let second: PrismaClient;

beforeAll(async () => {
  mysql = await createTestMySql(config, 'bk_charges');
  first = createPrisma(mysql.url);
  second = createPrisma(mysql.url);
});

afterAll(async () => {
  await first?.$disconnect();
  await second?.$disconnect();
  await mysql?.drop();
});

describe('the simulated provider shared by replicas', () => {
  it('lets one replica look up and refund a charge another replica made', async () => {
    const a = createSimulatedPaymentProvider(createSqlChargeLedger(first));
    const b = createSimulatedPaymentProvider(createSqlChargeLedger(second));
    expect(await b.lookup('pay-1')).toBeNull();
    const charged = await a.charge({ idempotencyKey: 'pay-1', amountCents: 1000n, method: 'paypal', cardNumber: null });
    expect(charged.status).toBe('succeeded');
    expect(await b.lookup('pay-1')).toEqual({ ...charged, refunded: false });
    await b.refund(charged.reference, 1000n);
    expect(await a.lookup('pay-1')).toEqual({ ...charged, refunded: true });
  });

  it('charges a key once when two replicas charge it at the same time, both getting the first result', async () => {
    const a = createSimulatedPaymentProvider(createSqlChargeLedger(first));
    const b = createSimulatedPaymentProvider(createSqlChargeLedger(second));
    const request = { idempotencyKey: 'pay-2', amountCents: 1000n, method: 'credit_card' as const };
    const [one, two] = await Promise.all([a.charge({ ...request, cardNumber: DECLINED_TEST_CARD }), b.charge({ ...request, cardNumber: DECLINED_TEST_CARD })]);
    expect(one).toEqual(two);
    expect(one.status).toBe('declined');
    expect(a.charges + b.charges).toBe(1);
    expect(await first.simulatedCharge.count({ where: { idempotencyKey: 'pay-2' } })).toBe(1);
  });
});
