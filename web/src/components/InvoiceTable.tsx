import { formatMoney } from '../format.js';

/** An invoice's amounts as the MyBookings and TripDetails operations read them. */
export interface InvoiceAmounts {
  currency: string;
  lineItems: ReadonlyArray<{ description: string; quantity: number; unitPrice: string; total: string }>;
  subtotal: string;
  taxRate: string;
  tax: string;
  total: string;
}

/** The lines of an invoice, then subtotal, tax and the total paid (a booking's or a trip's). */
export function InvoiceTable({ invoice }: { invoice: InvoiceAmounts }) {
  return (
    <table>
      <tbody>
        {invoice.lineItems.map((line, index) => (
          <tr key={`${index}-${line.description}`}>
            <td>{line.description}</td>
            <td>
              {line.quantity} × {formatMoney(line.unitPrice, invoice.currency)}
            </td>
            <td className="amount">{formatMoney(line.total, invoice.currency)}</td>
          </tr>
        ))}
        <tr>
          <td colSpan={2}>Subtotal</td>
          <td className="amount">{formatMoney(invoice.subtotal, invoice.currency)}</td>
        </tr>
        <tr>
          <td colSpan={2}>Tax ({(Number(invoice.taxRate) * 100).toFixed(0)}%)</td>
          <td className="amount">{formatMoney(invoice.tax, invoice.currency)}</td>
        </tr>
        <tr className="total">
          <td colSpan={2}>Total paid</td>
          <td className="amount">{formatMoney(invoice.total, invoice.currency)}</td>
        </tr>
      </tbody>
    </table>
  );
}
