import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { get } from '../api/client';
import type { SignInOptions } from '../api/types';
import { useAuth } from '../auth/session';
import { ErrorBox } from '../components/states';

/** Why the provider's sign-in came back refused (the callback's `signInError`), in words. */
const SIGN_IN_ERRORS: Record<string, string> = {
  no_role: 'You signed in, but none of your groups gives access to Quell. Ask an administrator.',
  state_mismatch: 'The sign-in did not start in this browser tab, or took too long. Try again.',
  unknown_state: 'The sign-in expired or was already used. Try again.',
  provider_refused: 'The identity provider did not complete the sign-in.',
  provider_unavailable: 'The identity provider cannot be reached. Try again shortly.',
};

export function SignIn() {
  const { signIn } = useAuth();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const options = useQuery({
    queryKey: ['sign-in-options'],
    queryFn: ({ signal }) => get<SignInOptions>('/auth/options', undefined, signal),
  });
  const providerError = new URLSearchParams(window.location.search).get('signInError');
  const provider = options.data?.oidc;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn({ kind: 'api-key', key: key.trim() });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <h1>Quell</h1>
      <p>
        Automated investigation and response.{' '}
        {provider ? 'Sign in with your organisation account, or an API key.' : 'Sign in with an API key.'}
      </p>
      {provider && (
        <a className="button provider-sign-in" href={provider.signInUrl}>
          Sign in with {provider.providerName}
        </a>
      )}
      {providerError && (
        <div role="alert" className="error">
          <strong>Sign-in failed</strong>
          <p>{SIGN_IN_ERRORS[providerError] ?? 'The sign-in failed. Try again.'}</p>
        </div>
      )}
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="qk_…"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          required
        />
        <button type="submit" disabled={busy || !key.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} title="Sign-in failed" />}
      <p className="hint">
        <code>npm start</code> prints an admin key on its first start; create others with{' '}
        <code>npm run quell -- keys create --name you --role analyst</code>. The key stays in this browser tab only and is forgotten when
        the tab closes.
      </p>
    </main>
  );
}
