import {
  MyNotificationsDocument,
  MyWatchesDocument,
  NotificationPreferencesDocument,
  UnreadNotificationCountDocument,
  useDeleteWatchMutation,
  useMarkAllNotificationsReadMutation,
  useMarkNotificationReadMutation,
  useMyNotificationsQuery,
  useMyWatchesQuery,
  useNotificationPreferencesQuery,
  useUpdateNotificationPreferencesMutation,
  useWatchHotelCityMutation,
  useWatchRouteMutation,
  type NotificationFieldsFragment,
  type NotificationKind,
  type WatchFieldsFragment,
} from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { formatDate, formatDateTime, formatMoney } from '../format.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

/**
 * `#/notifications` (the list, mark read), `#/notifications/watches` (price alerts on routes and
 * hotel cities) and `#/notifications/preferences` (e-mail per kind): a signed-in traveller's.
 */

export const KIND_LABELS: Record<NotificationKind, string> = {
  PRICE_ALERT: 'Price alerts',
  BOOKING_CONFIRMED: 'Booking confirmations (with the invoice)',
  BOOKING_CANCELLED: 'Cancellations and refunds',
  BOOKING_EXPIRED: 'Expired holds',
};

/** Counts and lists change together: ask again for both after a change. */
const REFRESH = [{ query: UnreadNotificationCountDocument }, { query: MyNotificationsDocument }];

/** A notification's link is a path of this site (`/flights/FL001?passengers=2`). */
const linkOf = (path: string): string => (path.startsWith('/') ? href(path) : href('/'));

function NotificationItem({ notification }: { notification: NotificationFieldsFragment }) {
  const [markRead, { loading, error }] = useMarkNotificationReadMutation({ refetchQueries: [{ query: UnreadNotificationCountDocument }] });
  return (
    <li className={notification.read ? 'read' : 'unread'} aria-label={`Notification: ${notification.title}`}>
      <div>
        <strong>{notification.title}</strong>
        <p>{notification.body}</p>
        <p className="muted">
          {formatDateTime(notification.createdAt)}
          {notification.newPrice ? ` · now ${formatMoney(notification.newPrice)}` : ''}
          {notification.oldPrice ? ` (was ${formatMoney(notification.oldPrice)})` : ''} · <a href={linkOf(notification.link)}>Open</a>
        </p>
        <ErrorMessage error={error} />
      </div>
      {notification.read ? (
        <span className="badge">Read</span>
      ) : (
        <button type="button" className="secondary" disabled={loading} onClick={() => void markRead({ variables: { id: notification.id } }).catch(() => undefined)}>
          Mark read
        </button>
      )}
    </li>
  );
}

function NotificationList() {
  const { data, loading, error, fetchMore } = useMyNotificationsQuery({ variables: { first: 20 }, fetchPolicy: 'cache-and-network' });
  const [markAll, markingAll] = useMarkAllNotificationsReadMutation({ refetchQueries: REFRESH });
  const page = data?.myNotifications;
  const unread = page?.nodes.filter((notification) => !notification.read).length ?? 0;
  const more = () =>
    fetchMore({
      variables: { after: page?.pageInfo.endCursor ?? null },
      updateQuery: (previous, { fetchMoreResult }) => ({ myNotifications: { ...fetchMoreResult.myNotifications, nodes: [...previous.myNotifications.nodes, ...fetchMoreResult.myNotifications.nodes] } }),
    });
  return (
    <section className="card" aria-label="Notifications">
      <ErrorMessage error={error ?? markingAll.error} />
      {loading && !page ? <p>Loading notifications…</p> : null}
      {page && page.nodes.length === 0 ? (
        <p className="muted">
          No notifications yet. <a href={href('/notifications/watches')}>Watch a route or a hotel city</a> to hear about lower prices.
        </p>
      ) : null}
      {page && page.nodes.length > 0 ? (
        <>
          <button type="button" className="secondary" disabled={unread === 0 || markingAll.loading} onClick={() => void markAll().catch(() => undefined)}>
            Mark all read
          </button>
          <ul className="notifications">
            {page.nodes.map((notification) => (
              <NotificationItem key={notification.id} notification={notification} />
            ))}
          </ul>
          {page.pageInfo.hasNextPage ? (
            <button type="button" className="secondary" onClick={() => void more()}>
              Older notifications
            </button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function describeWatch(watch: WatchFieldsFragment): string {
  if (watch.__typename === 'RouteWatch') return `${watch.from} → ${watch.to}, departing ${formatDate(watch.departFrom)} – ${formatDate(watch.departTo)}, at most ${formatMoney(watch.maxPrice)} per ticket, ${watch.passengers} passenger${watch.passengers === 1 ? '' : 's'}`;
  if (watch.__typename === 'HotelCityWatch') return `Hotels in ${watch.city}${watch.state ? `, ${watch.state}` : ''}, ${formatDate(watch.checkIn)} – ${formatDate(watch.checkOut)}, at most ${formatMoney(watch.maxNightlyPrice)} a night`;
  return 'Watch';
}

const dayStart = (day: string): string => `${day}T00:00:00.000Z`;
const dayEnd = (day: string): string => `${day}T23:59:59.999Z`;

function RouteWatchForm() {
  const [form, setForm] = useState({ from: '', to: '', departFrom: '', departTo: '', maxPrice: '', passengers: '1' });
  const [watch, { loading, error, data }] = useWatchRouteMutation({ refetchQueries: [{ query: MyWatchesDocument }] });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { from: form.from.trim().toUpperCase(), to: form.to.trim().toUpperCase(), departFrom: dayStart(form.departFrom), departTo: dayEnd(form.departTo), maxPrice: form.maxPrice.trim(), passengers: Number(form.passengers) };
    void watch({ variables: { input } }).catch(() => undefined);
  };
  return (
    <form className="card grid-form" onSubmit={submit} aria-label="Watch a route">
      <h3>Watch a flight route</h3>
      <label>From<input value={form.from} onChange={set('from')} maxLength={3} placeholder="JFK" required /></label>
      <label>To<input value={form.to} onChange={set('to')} maxLength={3} placeholder="LAX" required /></label>
      <label>Departing from<input type="date" value={form.departFrom} onChange={set('departFrom')} required /></label>
      <label>Departing until<input type="date" value={form.departTo} onChange={set('departTo')} required /></label>
      <label>Max price per ticket<input value={form.maxPrice} onChange={set('maxPrice')} inputMode="decimal" required /></label>
      <label>Passengers<input type="number" min={1} max={9} value={form.passengers} onChange={set('passengers')} required /></label>
      <ErrorMessage error={error} />
      {data ? <p role="status" className="success">Watching {data.watchRoute.__typename === 'RouteWatch' ? `${data.watchRoute.from} → ${data.watchRoute.to}` : 'the route'}.</p> : null}
      <button type="submit" disabled={loading}>Watch route</button>
    </form>
  );
}

function HotelWatchForm() {
  const [form, setForm] = useState({ city: '', state: '', checkIn: '', checkOut: '', maxNightlyPrice: '' });
  const [watch, { loading, error, data }] = useWatchHotelCityMutation({ refetchQueries: [{ query: MyWatchesDocument }] });
  const set = (field: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { city: form.city.trim(), state: form.state.trim() || null, checkIn: dayStart(form.checkIn), checkOut: dayStart(form.checkOut), maxNightlyPrice: form.maxNightlyPrice.trim() };
    void watch({ variables: { input } }).catch(() => undefined);
  };
  return (
    <form className="card grid-form" onSubmit={submit} aria-label="Watch a hotel city">
      <h3>Watch the hotels of a city</h3>
      <label>City<input value={form.city} onChange={set('city')} required /></label>
      <label>State (optional)<input value={form.state} onChange={set('state')} /></label>
      <label>Check-in<input type="date" value={form.checkIn} onChange={set('checkIn')} required /></label>
      <label>Check-out<input type="date" value={form.checkOut} onChange={set('checkOut')} required /></label>
      <label>Max price per night<input value={form.maxNightlyPrice} onChange={set('maxNightlyPrice')} inputMode="decimal" required /></label>
      <ErrorMessage error={error} />
      {data ? <p role="status" className="success">Watching hotels in {data.watchHotelCity.__typename === 'HotelCityWatch' ? data.watchHotelCity.city : 'the city'}.</p> : null}
      <button type="submit" disabled={loading}>Watch hotels</button>
    </form>
  );
}

function WatchItem({ watch }: { watch: WatchFieldsFragment }) {
  const [remove, { loading, error }] = useDeleteWatchMutation({ refetchQueries: [{ query: MyWatchesDocument }] });
  return (
    <li aria-label={`Watch: ${describeWatch(watch)}`}>
      <div>
        <strong>{describeWatch(watch)}</strong>
        <p className="muted">
          Since {formatDate(watch.createdAt)} · {watch.matchCount} alert{watch.matchCount === 1 ? '' : 's'} so far
        </p>
        <ErrorMessage error={error} />
      </div>
      <button type="button" className="secondary" disabled={loading} onClick={() => void remove({ variables: { id: watch.id } }).catch(() => undefined)}>
        Delete watch
      </button>
    </li>
  );
}

function Watches() {
  const { data, loading, error } = useMyWatchesQuery({ fetchPolicy: 'cache-and-network' });
  const watches = data?.myWatches;
  return (
    <>
      <section className="card" aria-label="My watches">
        <h2>My watches</h2>
        <ErrorMessage error={error} />
        {loading && !watches ? <p>Loading watches…</p> : null}
        {watches && watches.length === 0 ? <p className="muted">You watch nothing yet: add a route or a hotel city below.</p> : null}
        {watches && watches.length > 0 ? (
          <ul className="notifications">
            {watches.map((watch) => (
              <WatchItem key={watch.id} watch={watch} />
            ))}
          </ul>
        ) : null}
      </section>
      <RouteWatchForm />
      <HotelWatchForm />
    </>
  );
}

function Preferences() {
  const { data, loading, error } = useNotificationPreferencesQuery({ fetchPolicy: 'cache-and-network' });
  // The preferences have no id to normalise by: the answer is written over the query's, and shown
  // at once (optimistic) so the checkbox follows the click.
  const [update, updating] = useUpdateNotificationPreferencesMutation({
    update: (cache, { data: changed }) => {
      if (changed) cache.writeQuery({ query: NotificationPreferencesDocument, data: { notificationPreferences: changed.updateNotificationPreferences } });
    },
  });
  const kinds = data?.notificationPreferences.kinds;
  const toggle = (kind: NotificationKind, email: boolean) => {
    const optimistic = { __typename: 'NotificationPreferences' as const, kinds: (kinds ?? []).map((preference) => (preference.kind === kind ? { ...preference, email } : preference)) };
    void update({ variables: { input: { kinds: [{ kind, email }] } }, optimisticResponse: { updateNotificationPreferences: optimistic } }).catch(() => undefined);
  };
  return (
    <section className="card" aria-label="E-mail preferences">
      <h2>E-mail preferences</h2>
      <p className="muted">In-app notifications are always kept; choose which are also mailed to you.</p>
      <ErrorMessage error={error ?? updating.error} />
      {loading && !kinds ? <p>Loading preferences…</p> : null}
      {(kinds ?? []).map((preference) => (
        <label key={preference.kind} className="checkbox">
          <input
            type="checkbox"
            checked={preference.email}
            onChange={(event) => toggle(preference.kind, event.target.checked)}
          />{' '}
          {KIND_LABELS[preference.kind]}
        </label>
      ))}
    </section>
  );
}

const TABS = [
  { path: '/notifications', label: 'Notifications', view: 'list' },
  { path: '/notifications/watches', label: 'Price alerts', view: 'watches' },
  { path: '/notifications/preferences', label: 'E-mail settings', view: 'preferences' },
] as const;

export function NotificationsPage({ view }: { view: string | undefined }) {
  const session = useSession();
  const current = TABS.find((tab) => tab.view === view) ?? TABS[0];
  if (session?.kind !== 'user') {
    return (
      <section className="card">
        <p>
          <a href={href(`/login?next=${encodeURIComponent(current.path)}`)}>Sign in</a> as a traveller to see your notifications and price alerts.
        </p>
      </section>
    );
  }
  return (
    <>
      <h1>Notifications</h1>
      <nav className="tabs" aria-label="Notification sections">
        {TABS.map((tab) => (
          <a key={tab.view} href={href(tab.path)} aria-current={tab.view === current.view ? 'page' : undefined}>
            {tab.label}
          </a>
        ))}
      </nav>
      {current.view === 'watches' ? <Watches /> : current.view === 'preferences' ? <Preferences /> : <NotificationList />}
    </>
  );
}
