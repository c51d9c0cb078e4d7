import { useApolloClient } from '@apollo/client/react';
import { useLogoutMutation } from '@kayak/client';
import { lazy, Suspense } from 'react';
import { FlightPage } from './pages/FlightPage.js';
import { NotificationBell } from './components/NotificationBell.js';
import { TripIndicator } from './components/TripIndicator.js';
import { CarPage } from './pages/CarPage.js';
import { CarSearchPage } from './pages/CarSearchPage.js';
import { HotelPage } from './pages/HotelPage.js';
import { HotelSearchPage } from './pages/HotelSearchPage.js';
import { LoginPage } from './pages/LoginPage.js';
import { MyTripsPage } from './pages/MyTripsPage.js';
import { NotificationsPage } from './pages/NotificationsPage.js';
import { UnsubscribePage } from './pages/UnsubscribePage.js';
import { SearchPage } from './pages/SearchPage.js';
import { TripCheckoutPage } from './pages/TripCheckoutPage.js';
import { MyBookingsPage } from './pages/MyBookingsPage.js';
import { href, navigate, useRoute, type Route } from './router.js';
import { signOut, useSession } from './session.js';

// The admin area (and its chart library) is a chunk of its own: travellers never download it.
const AdminPage = lazy(() => import('./admin/AdminPage.js').then((module) => ({ default: module.AdminPage })));

function Page({ route }: { route: Route }) {
  const [first, second] = route.segments;
  if (first === 'flights' && second) return <FlightPage flightId={second} />;
  if (first === 'hotels') return second ? <HotelPage hotelId={second} params={route.params} /> : <HotelSearchPage params={route.params} />;
  if (first === 'cars') return second ? <CarPage carId={second} params={route.params} /> : <CarSearchPage params={route.params} />;
  if (first === 'login') return <LoginPage next={route.params.get('next') ?? '/trips'} />;
  if (first === 'trip') return <TripCheckoutPage />;
  if (first === 'trips') return <MyTripsPage />;
  if (first === 'bookings') return <MyBookingsPage />;
  if (first === 'notifications') return <NotificationsPage view={second} />;
  if (first === 'unsubscribe') {
    // One page per token: another link opened in the same tab unsubscribes again.
    const token = route.params.get('token') ?? '';
    return <UnsubscribePage key={token} token={token} />;
  }
  if (first === 'admin') {
    return (
      <Suspense fallback={<p>Loading the admin area…</p>}>
        <AdminPage route={route} />
      </Suspense>
    );
  }
  return <SearchPage params={route.params} />;
}

function Navigation() {
  const session = useSession();
  return (
    <nav>
      <a href={href('/')}>Flights</a>
      <a href={href('/hotels')}>Hotels</a>
      <a href={href('/cars')}>Cars</a>
      {session?.kind !== 'admin' ? <a href={href('/trips')}>My trips</a> : null}
      {session?.kind !== 'admin' ? <a href={href('/bookings')}>My bookings</a> : null}
      {session?.kind === 'admin' ? <a href={href('/admin')}>Admin</a> : null}
    </nav>
  );
}

function AccountMenu() {
  const session = useSession();
  const client = useApolloClient();
  const [logout] = useLogoutMutation();
  if (!session) return <a href={href('/login')}>Sign in</a>;
  const leave = async () => {
    // Revoke the refresh token; the access token expires by itself within 15 minutes.
    await logout({ variables: { refreshToken: session.refreshToken } }).catch(() => undefined);
    signOut();
    await client.clearStore();
    navigate('/');
  };
  return (
    <span className="account">
      {session.kind === 'user' ? <NotificationBell /> : null} Signed in as <strong>{session.displayName}</strong>{' '}
      <button type="button" className="link" onClick={() => void leave()}>
        Sign out
      </button>
    </span>
  );
}

export function App() {
  const route = useRoute();
  return (
    <>
      <header className="top">
        <a className="brand" href={href('/')}>
          KAYAK
        </a>
        <Navigation />
        <TripIndicator />
        <AccountMenu />
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}
