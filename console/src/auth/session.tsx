import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { call, configureClient } from '../api/client';
import type { Me, Role } from '../api/types';
import { type Credential, headersOf, loadCredential, storeCredential } from './credential';

export interface Session {
  identity: Me;
  /** What the role lets the caller do; the console shows only the buttons that would work. */
  can: { triage: boolean; approve: boolean; admin: boolean };
  signOut(): void;
}

interface AuthState {
  session: Session | undefined;
  /** True while a stored credential is being checked on load. */
  restoring: boolean;
  signIn(c: Credential): Promise<void>;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

const GRANTS: Record<Role, readonly string[]> = {
  ingest: [],
  reader: [],
  analyst: ['triage'],
  approver: ['approve'],
  admin: ['triage', 'approve', 'admin'],
};

/** Who the credential belongs to: `GET /me`, with the credential given rather than the stored one. */
async function whoIs(c: Credential): Promise<Me> {
  return (await call<Me>('/me', {}, headersOf(c))).data;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // Without a stored credential the browser may still hold a session cookie (back from the
  // provider's sign-in): the first check finds out.
  const [credential, setCredential] = useState<Credential | undefined>(() => loadCredential() ?? { kind: 'session' });
  const [identity, setIdentity] = useState<Me | undefined>();
  const [restoring, setRestoring] = useState(credential !== undefined);

  // A session is ended on the server before the console shows the sign-in form, so that a reload
  // right after cannot find it still open; unreachable or not, the console forgets it then.
  const signOut = useCallback(() => {
    const ended =
      credential?.kind === 'session'
        ? call('/auth/sign-out', { method: 'POST', body: {} }, headersOf(credential)).catch(() => undefined)
        : Promise.resolve();
    void ended.then(() => {
      storeCredential(undefined);
      setCredential(undefined);
      setIdentity(undefined);
      queryClient.clear();
    });
  }, [queryClient, credential]);

  /** A 401 means the session is over already: forget it, nothing to sign out of. */
  const expired = useCallback(() => {
    storeCredential(undefined);
    setCredential(undefined);
    setIdentity(undefined);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    configureClient({ credentials: () => (credential ? headersOf(credential) : {}), unauthorized: expired });
  }, [credential, expired]);

  useEffect(() => {
    if (!credential || identity) return;
    let live = true;
    whoIs(credential)
      .then((me) => {
        if (!live) return;
        storeCredential(credential);
        setIdentity(me);
      })
      .catch(() => live && expired())
      .finally(() => live && setRestoring(false));
    return () => {
      live = false;
    };
  }, [credential, identity, expired]);

  const signIn = useCallback(
    async (c: Credential) => {
      const me = await whoIs(c);
      storeCredential(c);
      configureClient({ credentials: () => headersOf(c), unauthorized: expired });
      setCredential(c);
      setIdentity(me);
    },
    [expired],
  );

  const session = useMemo<Session | undefined>(() => {
    if (!identity) return undefined;
    const grants = GRANTS[identity.role];
    return {
      identity,
      can: { triage: grants.includes('triage'), approve: grants.includes('approve'), admin: grants.includes('admin') },
      signOut,
    };
  }, [identity, signOut]);

  const value = useMemo(() => ({ session, restoring, signIn }), [session, restoring, signIn]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in session (pages below the sign-in gate only). */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error('useSession without a session');
  return session;
}
