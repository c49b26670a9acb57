/**
 * How the console proves who it is. Today an API key pasted by the analyst; an OpenID Connect
 * sign-in adds another kind here (its tokens, its refresh) and a button on the sign-in page, and
 * nothing else in the console changes: everything asks the credential for its Authorization header.
 */
export type Credential = { kind: 'api-key'; key: string };

const STORAGE_KEY = 'quell.credential';

export function authorizationOf(c: Credential): string {
  switch (c.kind) {
    case 'api-key':
      return `Bearer ${c.key}`;
  }
}

/** Kept for this browser tab's session only: closing the tab signs out. */
export function loadCredential(): Credential | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Credential) : undefined;
    return parsed?.kind === 'api-key' && typeof parsed.key === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function storeCredential(c: Credential | undefined): void {
  if (c) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(c));
  else sessionStorage.removeItem(STORAGE_KEY);
}
