import { useUnsubscribeMutation } from '@kayak/client';
import { useEffect, useRef } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { href } from '../router.js';
import { KIND_LABELS } from './NotificationsPage.js';

/**
 * `#/unsubscribe?token=…`, the link at the foot of every mail: no sign-in needed (the token is
 * signed), one click already done by opening the page.
 */
export function UnsubscribePage({ token }: { token: string }) {
  const [unsubscribe, { data, loading, error, called }] = useUnsubscribeMutation();
  const sent = useRef(false);
  useEffect(() => {
    // Once per page, also under React's StrictMode (it mounts effects twice in development).
    if (sent.current || !token) return;
    sent.current = true;
    void unsubscribe({ variables: { token } }).catch(() => undefined);
  }, [token, unsubscribe]);
  const result = data?.unsubscribe;
  return (
    <>
      <h1>Unsubscribe</h1>
      <section className="card narrow" aria-label="Unsubscribe">
        {!token ? <p className="error">This link has no token: open the link from the mail again.</p> : null}
        {token && (loading || !called) ? <p>Unsubscribing…</p> : null}
        <ErrorMessage error={error} />
        {result ? (
          <div role="status" className="success">
            <p>
              Done: you will no longer get e-mails for <strong>{KIND_LABELS[result.kind]}</strong>.
            </p>
            <p className="muted">In-app notifications stay. Change this any time in your <a href={href('/notifications/preferences')}>e-mail settings</a>.</p>
          </div>
        ) : null}
      </section>
    </>
  );
}
