import { type FormEvent, useState } from 'react';
import { useAuth } from '../auth/session';
import { ErrorBox } from '../components/states';

export function SignIn() {
  const { signIn } = useAuth();
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

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
      <p>Automated investigation and response. Sign in with an API key.</p>
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
