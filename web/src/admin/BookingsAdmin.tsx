import { useBookingsReportQuery, useRevenueReportQuery, type BookingFilter, type BookingStatus, type ListingType, type RevenuePeriod } from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDateTime, formatMoney } from '../format.js';
import { instantsOf, lastDays, type DayRange } from './dates.js';
import { DayRangeFields } from './DayRangeFields.js';

const STATUSES: BookingStatus[] = ['Pending', 'Confirmed', 'Cancelled', 'PaymentFailed', 'Expired'];
const TYPES: ListingType[] = ['Flight', 'Hotel', 'Car'];
const PAGE_SIZE = 25;

interface Criteria {
  range: DayRange;
  status: string;
  type: string;
}

const filterOf = (criteria: Criteria): BookingFilter => {
  const { from, to } = instantsOf(criteria.range);
  return {
    createdFrom: from,
    createdTo: to,
    bookingStatus: STATUSES.find((status) => status === criteria.status) ?? null,
    bookingType: TYPES.find((type) => type === criteria.type) ?? null,
  };
};

/** Bookings and their payments by creation day, status and type (User, Billing, Analytics Admins). */
export function BookingsAdmin() {
  const [form, setForm] = useState<Criteria>({ range: lastDays(365), status: '', type: '' });
  const [criteria, setCriteria] = useState(form);
  const { data, loading, error, fetchMore } = useBookingsReportQuery({ variables: { filter: filterOf(criteria), first: PAGE_SIZE }, fetchPolicy: 'cache-and-network' });
  const page = data?.bookings;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCriteria(form);
  };
  const more = () =>
    fetchMore({
      variables: { after: page?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({ bookings: { ...fetchMoreResult.bookings, nodes: [...previous.bookings.nodes, ...fetchMoreResult.bookings.nodes] } }),
    });
  return (
    <>
      <form className="card search" onSubmit={submit} aria-label="Search bookings">
        <DayRangeFields range={form.range} onChange={(range) => setForm({ ...form, range })} />
        <label>
          Status
          <select value={form.status} onChange={(event) => setForm({ ...form, status: event.target.value })}>
            <option value="">Any</option>
            {STATUSES.map((status) => <option key={status}>{status}</option>)}
          </select>
        </label>
        <label>
          Type
          <select value={form.type} onChange={(event) => setForm({ ...form, type: event.target.value })}>
            <option value="">Any</option>
            {TYPES.map((type) => <option key={type}>{type}</option>)}
          </select>
        </label>
        <button type="submit">Search bookings</button>
      </form>
      <ErrorMessage error={error} />
      {loading && !page ? <p>Loading bookings…</p> : null}
      {page ? (
        <section className="card" aria-label="Bookings found">
          <h3>
            {page.totalCount} booking{page.totalCount === 1 ? '' : 's'}
          </h3>
          {page.nodes.length === 0 ? (
            <p className="muted">No booking matches.</p>
          ) : (
            <table className="admin-table">
              <thead>
                <tr>
                  <th>Booking</th>
                  <th>Created</th>
                  <th>User</th>
                  <th>Listing</th>
                  <th>Status</th>
                  <th>Price</th>
                  <th>Payment</th>
                </tr>
              </thead>
              <tbody>
                {page.nodes.map((booking) => (
                  <tr key={booking.bookingId} aria-label={`Booking ${booking.bookingId}`}>
                    <td>{booking.bookingId}</td>
                    <td>{booking.createdAt ? formatDateTime(booking.createdAt) : ''}</td>
                    <td>{booking.userId}</td>
                    <td>
                      {booking.bookingType} {booking.referenceId}
                    </td>
                    <td>
                      <span className={`badge ${booking.bookingStatus}`}>{booking.bookingStatus}</span>
                    </td>
                    <td className="amount">{formatMoney(booking.totalPrice)}</td>
                    <td>
                      {booking.billing ? (
                        <>
                          <span className={`badge ${booking.billing.transactionStatus}`}>{booking.billing.transactionStatus}</span> {formatMoney(booking.billing.totalAmountPaid)}
                        </>
                      ) : (
                        <span className="muted">not paid</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {page.pageInfo.hasNextPage ? (
            <button type="button" className="secondary" onClick={() => void more()} disabled={loading}>
              Show more bookings
            </button>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** Revenue of successful payments by day or month and type (Billing and Analytics Admins). */
export function RevenueAdmin() {
  const [form, setForm] = useState<{ range: DayRange; period: RevenuePeriod; byBookingType: boolean }>({ range: lastDays(90), period: 'Month', byBookingType: true });
  const [criteria, setCriteria] = useState(form);
  const { data, loading, error } = useRevenueReportQuery({ variables: { input: { ...instantsOf(criteria.range), period: criteria.period, byBookingType: criteria.byBookingType } } });
  const report = data?.revenueReport;
  return (
    <>
      <form className="card search" onSubmit={(event) => (event.preventDefault(), setCriteria(form))} aria-label="Revenue report">
        <DayRangeFields range={form.range} onChange={(range) => setForm({ ...form, range })} />
        <label>
          Per
          <select value={form.period} onChange={(event) => setForm({ ...form, period: event.target.value === 'Day' ? 'Day' : 'Month' })}>
            <option>Day</option>
            <option>Month</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={form.byBookingType} onChange={(event) => setForm({ ...form, byBookingType: event.target.checked })} /> By booking type
        </label>
        <button type="submit">Show revenue</button>
      </form>
      <ErrorMessage error={error} />
      {loading && !report ? <p>Loading revenue…</p> : null}
      {report ? (
        <section className="card" aria-label="Revenue">
          <p>
            Revenue <strong>{formatMoney(report.totalRevenue)}</strong> · refunded {formatMoney(report.totalRefunded)} · {report.totalTransactions} transactions
          </p>
          {report.rows.length === 0 ? (
            <p className="muted">No payments in this range.</p>
          ) : (
            <table className="admin-table">
              <thead>
                <tr>
                  <th>Period</th>
                  <th>Type</th>
                  <th>Revenue</th>
                  <th>Refunded</th>
                  <th>Transactions</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((row) => (
                  <tr key={`${row.period ?? ''}:${row.bookingType ?? ''}`}>
                    <td>{row.period ?? 'all'}</td>
                    <td>{row.bookingType ?? 'all'}</td>
                    <td className="amount">{formatMoney(row.revenue)}</td>
                    <td className="amount">{formatMoney(row.refunded)}</td>
                    <td className="amount">{row.transactions}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ) : null}
    </>
  );
}
