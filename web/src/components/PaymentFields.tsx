import type { PaymentMethodType } from '@kayak/client';

/** The simulated payment provider accepts this card; 4000 0000 0000 0002 is always declined. */
export const TEST_CARD = '4242 4242 4242 4242';

/** Payment method and card number of a payment form (a booking's or a trip's). */
export function PaymentFields({ method, cardNumber, onMethod, onCardNumber }: { method: PaymentMethodType; cardNumber: string; onMethod(method: PaymentMethodType): void; onCardNumber(cardNumber: string): void }) {
  return (
    <>
      <label>
        Payment method
        <select value={method} onChange={(event) => onMethod(event.target.value as PaymentMethodType)}>
          <option value="credit_card">Credit card</option>
          <option value="debit_card">Debit card</option>
          <option value="paypal">PayPal</option>
        </select>
      </label>
      {method === 'paypal' ? null : (
        <label>
          Card number
          <input value={cardNumber} onChange={(event) => onCardNumber(event.target.value)} inputMode="numeric" autoComplete="cc-number" />
        </label>
      )}
      <p className="muted">Test cards: {TEST_CARD} is accepted, 4000 0000 0000 0002 is declined.</p>
    </>
  );
}
