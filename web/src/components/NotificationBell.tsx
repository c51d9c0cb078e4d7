import { useUnreadNotificationCountQuery } from '@kayak/client';
import { href } from '../router.js';

/** How often the bell asks for the unread count while the page is open. */
const POLL_MS = 30_000;

/** The header's bell for signed-in travellers: the unread count, a link to the notifications. */
export function NotificationBell() {
  const { data } = useUnreadNotificationCountQuery({ pollInterval: POLL_MS, fetchPolicy: 'cache-and-network' });
  const unread = data?.unreadNotificationCount ?? 0;
  return (
    <a className="bell" href={href('/notifications')} aria-label={`Notifications, ${unread} unread`} data-track="notification-bell">
      <span aria-hidden="true">🔔</span>
      {unread > 0 ? (
        <span className="count" data-testid="unread-count">
          {unread}
        </span>
      ) : null}
    </a>
  );
}
