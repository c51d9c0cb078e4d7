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
      {/* An inline bell: emoji fonts are not everywhere (headless browsers, some Linux desktops). */}
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {unread > 0 ? (
        <span className="count" data-testid="unread-count">
          {unread}
        </span>
      ) : null}
    </a>
  );
}
