import { describe, expect, it } from 'vitest';
import { createSimulatedPaymentProvider, DECLINED_TEST_CARD } from '../../src/services/paymentProvider.js';

describe('simulated payment provider', () => {
  it('declines the test card every time and accepts other cards', async () => {
    const provider = createSimulatedPaymentProvider();
    expect(await provider.charge({ idempotencyKey: 'a', amountCents: 100n, method: 'credit_card', cardNumber: DECLINED_TEST_CARD })).toMatchObject({ status: 'declined' });
    expect(await provider.charge({ idempotencyKey: 'b', amountCents: 100n, method: 'credit_card', cardNumber: '4242424242424242' })).toMatchObject({ status: 'succeeded' });
    expect(await provider.charge({ idempotencyKey: 'c', amountCents: 100n, method: 'paypal', cardNumber: null })).toMatchObject({ status: 'succeeded' });
  });

  it('charges an idempotency key once and replays its first result', async () => {
    const provider = createSimulatedPaymentProvider();
    const first = await provider.charge({ idempotencyKey: 'same', amountCents: 100n, method: 'credit_card', cardNumber: DECLINED_TEST_CARD });
    const again = await provider.charge({ idempotencyKey: 'same', amountCents: 100n, method: 'credit_card', cardNumber: '4242424242424242' });
    expect(again).toEqual(first);
    expect(provider.charges).toBe(1);
  });

  it('tells what it knows of a key: nothing before the charge, the result after, refunded after a refund', async () => {
    const provider = createSimulatedPaymentProvider();
    expect(await provider.lookup('k')).toBeNull();
    const charged = await provider.charge({ idempotencyKey: 'k', amountCents: 100n, method: 'paypal', cardNumber: null });
    expect(await provider.lookup('k')).toEqual({ ...charged, refunded: false });
    await provider.refund(charged.reference, 100n);
    expect(await provider.lookup('k')).toEqual({ ...charged, refunded: true });
  });
});
