import { useApolloClient } from '@apollo/client/react';
import { useLoginMutation } from '@kayak/client';
import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { SessionExpiredNotice } from '../components/SessionExpiredNotice.js';
import { navigate } from '../router.js';
import { signIn } from '../session.js';

export function LoginPage({ next }: { next: string }) {
  const client = useApolloClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, { loading, error }] = useLoginMutation();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await login({ variables: { email, password } }).catch(() => undefined);
    if (!result?.data) return;
    // Cached answers were made for the anonymous viewer (e.g. viewerIsAuthor): start afresh, before
    // signing in renders the traveller's header (the bell), whose query a later clearStore would cancel.
    await client.clearStore();
    signIn(result.data.login);
    navigate(next.startsWith('/') ? next : '/trips');
  };
  return (
    <>
      <h1>Sign in</h1>
      <SessionExpiredNotice />
      <form className="card narrow" onSubmit={(event) => void submit(event)}>
        <label>
          Email
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} autoComplete="username" required />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="current-password" required />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" disabled={loading}>
          Sign in
        </button>
        <p className="muted">Demo traveller: alice@example.com / Kayak!2026</p>
      </form>
    </>
  );
}
