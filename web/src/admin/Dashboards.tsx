import {
  useBookingFunnelQuery,
  useCancellationRateQuery,
  usePageClickCountsQuery,
  useRevenueByCityQuery,
  useRevenueByDayQuery,
  useRevenueByListingTypeQuery,
  useReviewCountsByListingTypeQuery,
  useTopListingsByClicksQuery,
  useTopPropertiesByRevenueQuery,
  useTopRoutesByRevenueQuery,
  useTopSearchedRoutesQuery,
} from '@kayak/client';
import type { ErrorLike } from '@apollo/client';
import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, Pie, PieChart, Tooltip, XAxis, YAxis, ResponsiveContainer } from 'recharts';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatMoney } from '../format.js';
import { instantsOf, lastDays, type DayRange } from './dates.js';
import { DayRangeFields } from './DayRangeFields.js';

/**
 * Analytics dashboards (Analytics Admin, Super Admin): charts over the analytics read models and the
 * same reports as tables. Money stays a decimal string in the tables; charts plot it as a number,
 * which is fine for drawing and never used for sums.
 */

const COLORS = ['#ff690f', '#0b5cad', '#12b76a', '#7a5af8', '#f04438'];
const CHART_HEIGHT = 240;
const asNumber = (amount: string): number => Number(amount);
const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** One dashboard card: its title, a loading or error state, an empty state, else its content. */
function Panel({ title, loading, error, empty, children }: { title: string; loading: boolean; error: ErrorLike | undefined; empty: boolean; children: ReactNode }) {
  return (
    <section className="card panel" aria-label={title}>
      <h3>{title}</h3>
      {error ? <ErrorMessage error={error} /> : loading ? <p className="muted">Loading…</p> : empty ? <p className="muted">No data in this range.</p> : children}
    </section>
  );
}

type Range = { from: string; to: string };

function RevenueByDayPanel({ range }: { range: Range }) {
  const { data, loading, error } = useRevenueByDayQuery({ variables: range });
  const report = data?.revenueByDay;
  const points = (report?.days ?? []).map((day) => ({ day: day.day.slice(5), net: asNumber(day.revenue.net), gross: asNumber(day.revenue.gross), bookings: day.createdBookings }));
  return (
    <Panel title="Revenue per day" loading={loading && !report} error={error} empty={!report}>
      {report ? (
        <>
          <p>
            Net <strong data-testid="net-revenue">{formatMoney(report.totals.net)}</strong> · gross {formatMoney(report.totals.gross)} · refunds {formatMoney(report.totals.refunds)} · {report.totals.paidBookings} paid bookings
          </p>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <LineChart data={points}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Line type="linear" dataKey="gross" stroke={COLORS[1]} dot={false} isAnimationActive={false} />
              <Line type="linear" dataKey="net" stroke={COLORS[0]} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </>
      ) : null}
    </Panel>
  );
}

function RevenueByTypePanel({ range }: { range: Range }) {
  const { data, loading, error } = useRevenueByListingTypeQuery({ variables: range });
  const rows = data?.revenueByListingType ?? [];
  return (
    <Panel title="Revenue per listing type" loading={loading && !data} error={error} empty={rows.length === 0}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={rows.map((row) => ({ type: row.listingType, net: asNumber(row.revenue.net), refunds: asNumber(row.revenue.refunds) }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="type" />
          <YAxis />
          <Tooltip />
          <Legend />
          <Bar dataKey="net" fill={COLORS[0]} isAnimationActive={false} />
          <Bar dataKey="refunds" fill={COLORS[4]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <table className="admin-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.listingType}>
              <td>{row.listingType}</td>
              <td>{row.revenue.paidBookings} paid</td>
              <td className="amount">{formatMoney(row.revenue.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function FunnelPanel({ range }: { range: Range }) {
  const { data, loading, error } = useBookingFunnelQuery({ variables: range });
  const funnel = data?.bookingFunnel;
  const steps = funnel
    ? [
        { step: 'Searches', count: funnel.searches },
        { step: 'Listing views', count: funnel.listingViews },
        { step: 'Listing clicks', count: funnel.listingClicks },
        { step: 'Bookings', count: funnel.bookings },
        { step: 'Paid', count: funnel.paidBookings },
      ]
    : [];
  return (
    <Panel title="Search → view → booking funnel" loading={loading && !funnel} error={error} empty={!funnel}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={steps} layout="vertical" margin={{ left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="step" width={100} />
          <Tooltip />
          <Bar dataKey="count" fill={COLORS[1]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      {funnel ? (
        <p className="muted">
          search → view {percent(funnel.searchToViewRate)} · view → booking {percent(funnel.viewToBookingRate)} · search → booking {percent(funnel.searchToBookingRate)}
        </p>
      ) : null}
    </Panel>
  );
}

function CancellationPanel({ range }: { range: Range }) {
  const { data, loading, error } = useCancellationRateQuery({ variables: range });
  const rate = data?.cancellationRate;
  const slices = rate
    ? [
        { name: 'Confirmed', value: rate.confirmed },
        { name: 'Cancelled', value: rate.cancelled },
        { name: 'Expired', value: rate.expired },
        { name: 'Payment failed', value: rate.paymentFailed },
      ].filter((slice) => slice.value > 0)
    : [];
  return (
    <Panel title="How bookings ended" loading={loading && !rate} error={error} empty={!rate || rate.bookings === 0}>
      {rate ? (
        <>
          <p>
            Cancellation rate <strong>{percent(rate.rate)}</strong> of {rate.bookings} bookings
          </p>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <PieChart>
              <Pie data={slices} dataKey="value" nameKey="name" outerRadius={80} label isAnimationActive={false}>
                {slices.map((slice, index) => (
                  <Cell key={slice.name} fill={COLORS[index % COLORS.length]} />
                ))}
              </Pie>
              <Tooltip />
              <Legend />
            </PieChart>
          </ResponsiveContainer>
        </>
      ) : null}
    </Panel>
  );
}

function TopRoutesPanel({ range }: { range: Range }) {
  const { data, loading, error } = useTopRoutesByRevenueQuery({ variables: range });
  const routes = data?.topRoutesByRevenue ?? [];
  return (
    <Panel title="Top routes by revenue" loading={loading && !data} error={error} empty={routes.length === 0}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={routes.map((route) => ({ route: `${route.from}→${route.to}`, net: asNumber(route.revenue.net) }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="route" />
          <YAxis />
          <Tooltip />
          <Bar dataKey="net" fill={COLORS[0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <table className="admin-table" aria-label="Top routes">
        <thead>
          <tr><th>Route</th><th>Flights</th><th>Paid</th><th>Net</th></tr>
        </thead>
        <tbody>
          {routes.map((route) => (
            <tr key={`${route.from}-${route.to}`}>
              <td>{route.from} → {route.to}</td>
              <td>{route.flights}</td>
              <td>{route.revenue.paidBookings}</td>
              <td className="amount">{formatMoney(route.revenue.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function TopPropertiesPanel({ range }: { range: Range }) {
  const { data, loading, error } = useTopPropertiesByRevenueQuery({ variables: range });
  const properties = data?.topPropertiesByRevenue ?? [];
  return (
    <Panel title="Top hotels and cars by revenue" loading={loading && !data} error={error} empty={properties.length === 0}>
      <table className="admin-table" aria-label="Top properties">
        <thead>
          <tr><th>Listing</th><th>City</th><th>Paid</th><th>Net</th></tr>
        </thead>
        <tbody>
          {properties.map((property) => (
            <tr key={`${property.listingType}:${property.listingId}`}>
              <td>{property.title ?? property.listingId} <span className="muted">({property.listingType} {property.listingId})</span></td>
              <td>{[property.city, property.state].filter(Boolean).join(', ')}</td>
              <td>{property.revenue.paidBookings}</td>
              <td className="amount">{formatMoney(property.revenue.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

function CityPanel({ range }: { range: Range }) {
  const { data, loading, error, fetchMore } = useRevenueByCityQuery({ variables: { ...range, first: 10 } });
  const page = data?.revenueByCity;
  const more = () =>
    fetchMore({
      variables: { after: page?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({ revenueByCity: { ...fetchMoreResult.revenueByCity, nodes: [...previous.revenueByCity.nodes, ...fetchMoreResult.revenueByCity.nodes] } }),
    });
  return (
    <Panel title="Revenue per city" loading={loading && !page} error={error} empty={!page || page.nodes.length === 0}>
      <table className="admin-table" aria-label="Revenue per city">
        <thead>
          <tr><th>City</th><th>Paid</th><th>Refunded</th><th>Net</th></tr>
        </thead>
        <tbody>
          {(page?.nodes ?? []).map((row) => (
            <tr key={`${row.city}:${row.state ?? ''}`}>
              <td>{row.city}{row.state ? `, ${row.state}` : ''}</td>
              <td>{row.revenue.paidBookings}</td>
              <td>{row.revenue.refundedBookings}</td>
              <td className="amount">{formatMoney(row.revenue.net)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page?.pageInfo.hasNextPage ? <button type="button" className="secondary" onClick={() => void more()}>More cities</button> : null}
    </Panel>
  );
}

function SearchedRoutesPanel({ range }: { range: Range }) {
  const { data, loading, error } = useTopSearchedRoutesQuery({ variables: range });
  const routes = data?.topSearchedRoutes ?? [];
  return (
    <Panel title="Most searched routes" loading={loading && !data} error={error} empty={routes.length === 0}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={routes.map((route) => ({ route: `${route.from}→${route.to}`, searches: route.searches }))}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="route" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="searches" fill={COLORS[3]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </Panel>
  );
}

function ClicksPanel({ range }: { range: Range }) {
  const listings = useTopListingsByClicksQuery({ variables: { window: range } });
  const pages = usePageClickCountsQuery({ variables: { window: range } });
  const reviews = useReviewCountsByListingTypeQuery({ variables: { window: range } });
  const top = listings.data?.topListingsByClicks ?? [];
  const pageRows = pages.data?.pageClickCounts ?? [];
  const reviewRows = reviews.data?.reviewCountsByListingType ?? [];
  return (
    <Panel title="Clicks and reviews" loading={listings.loading && !listings.data} error={listings.error ?? pages.error ?? reviews.error} empty={false}>
      <div className="columns">
        <table className="admin-table" aria-label="Most clicked listings">
          <thead>
            <tr><th>Most clicked listing</th><th>Clicks</th></tr>
          </thead>
          <tbody>
            {top.length === 0 ? <tr><td colSpan={2} className="muted">No listing clicks.</td></tr> : null}
            {top.map((row) => (
              <tr key={`${row.listingType}:${row.listingId}`}><td>{row.listingType} {row.listingId}</td><td>{row.clicks}</td></tr>
            ))}
          </tbody>
        </table>
        <table className="admin-table" aria-label="Page clicks">
          <thead>
            <tr><th>Page</th><th>Clicks</th></tr>
          </thead>
          <tbody>
            {pageRows.length === 0 ? <tr><td colSpan={2} className="muted">No page clicks.</td></tr> : null}
            {pageRows.map((row) => (
              <tr key={row.page}><td>{row.page}</td><td>{row.clicks}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <table className="admin-table" aria-label="Reviews per listing type">
        <thead>
          <tr><th>Reviews of</th><th>Count</th><th>Average</th></tr>
        </thead>
        <tbody>
          {reviewRows.map((row) => (
            <tr key={row.listingType}><td>{row.listingType}</td><td>{row.reviews}</td><td>{row.averageRating?.toFixed(2) ?? '—'}</td></tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}

export function Dashboards() {
  const [form, setForm] = useState<DayRange>(lastDays(30));
  const [range, setRange] = useState(() => instantsOf(form));
  return (
    <>
      <form className="card search" onSubmit={(event) => (event.preventDefault(), setRange(instantsOf(form)))} aria-label="Dashboard range">
        <DayRangeFields range={form} onChange={setForm} />
        <button type="submit">Show</button>
      </form>
      <div className="dashboard">
        <RevenueByDayPanel range={range} />
        <RevenueByTypePanel range={range} />
        <FunnelPanel range={range} />
        <CancellationPanel range={range} />
        <TopRoutesPanel range={range} />
        <SearchedRoutesPanel range={range} />
        <TopPropertiesPanel range={range} />
        <CityPanel range={range} />
        <ClicksPanel range={range} />
      </div>
    </>
  );
}
