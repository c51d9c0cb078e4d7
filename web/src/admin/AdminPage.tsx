import { useApolloClient } from '@apollo/client/react';
import { useAdminLoginMutation } from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { SessionExpiredNotice } from '../components/SessionExpiredNotice.js';
import { href, type Route } from '../router.js';
import { signIn, useSession } from '../session.js';
import { BookingsAdmin, RevenueAdmin } from './BookingsAdmin.js';
import { Dashboards } from './Dashboards.js';
import { ListingsAdmin } from './ListingsAdmin.js';
import { canSee, ROLE_LABELS, SECTION_LABELS, sectionsOf, type AdminSection } from './roles.js';

function AdminLogin() {
  const client = useApolloClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, { loading, error }] = useAdminLoginMutation();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await login({ variables: { email, password } }).catch(() => undefined);
    if (!result?.data) return;
    // Forget the previous viewer's answers first: signing in renders the admin pages, whose
    // queries a later clearStore would cancel in flight.
    await client.clearStore();
    // The form shows in place on any admin route: signing in (e.g. again after the session expired) stays there.
    signIn(result.data.adminLogin);
  };
  return (
    <>
      <h1>Admin sign in</h1>
      <SessionExpiredNotice />
      <form className="card narrow" onSubmit={(event) => void submit(event)} aria-label="Admin sign in">
        <label>
          Admin email
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="username" required />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="current-password" required />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" disabled={loading}>
          Sign in as admin
        </button>
        <p className="muted">Demo admins (password Kayak!2026): super@, listings@, billing@, useradmin@, analytics@example.com</p>
      </form>
    </>
  );
}

const isSection = (value: string | undefined): value is AdminSection => value !== undefined && value in SECTION_LABELS;

/** `#/admin/<section>`: what the signed-in admin's role allows, nothing else in the menu. */
export function AdminPage({ route }: { route: Route }) {
  const session = useSession();
  if (session?.kind !== 'admin') {
    return (
      <>
        {session ? <p className="error">You are signed in as a traveller; admins sign in with their admin account.</p> : null}
        <AdminLogin />
      </>
    );
  }
  const sections = sectionsOf(session.role);
  const requested = route.segments[1];
  const section = isSection(requested) ? requested : sections[0];
  return (
    <>
      <h1>Admin</h1>
      <p className="muted">
        {session.displayName} · {session.role ? ROLE_LABELS[session.role] : ''}
      </p>
      <nav className="tabs" aria-label="Admin sections">
        {sections.map((candidate) => (
          <a key={candidate} href={href(`/admin/${candidate}`)} aria-current={candidate === section ? 'page' : undefined}>
            {SECTION_LABELS[candidate]}
          </a>
        ))}
      </nav>
      {!section ? (
        <p className="muted">Your role has no admin pages here.</p>
      ) : !canSee(session.role, section) ? (
        <p role="alert" className="error">
          {SECTION_LABELS[section]} is not available to {session.role ? ROLE_LABELS[session.role] : 'your role'}s.
        </p>
      ) : section === 'listings' ? (
        <ListingsAdmin params={route.params} />
      ) : section === 'bookings' ? (
        <BookingsAdmin />
      ) : section === 'revenue' ? (
        <RevenueAdmin />
      ) : (
        <Dashboards />
      )}
    </>
  );
}
