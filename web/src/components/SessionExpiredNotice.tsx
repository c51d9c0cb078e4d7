import { useSessionExpired } from '../session.js';

/** On the sign-in forms after a refresh was refused (session.ts `expireSession`), until the next sign-in. */
export function SessionExpiredNotice() {
  if (!useSessionExpired()) return null;
  return (
    <p role="alert" className="error">
      Your session has expired — please sign in again
    </p>
  );
}
