/**
 * How the console proves who it is: an API key pasted by the analyst, or a session made by signing
 * in through the organisation's OpenID provider. The session itself is an httpOnly cookie the page
 * never sees; the console only adds the header that lets Quell accept it (a cross-site page cannot).
 * Everything asks the credential for its headers.
 */
export type Credential = { kind: 'api-key'; key: string } | { kind: 'session' };

const STORAGE_KEY = 'quell.credential';

export function headersOf(c: Credential): Record<string, string> {
  switch (c.kind) {
    case 'api-key':
      return { Authorization: `Bearer ${c.key}` };
    case 'session':
      return { 'X-Quell-Session': '1' };
  }
}

/** Kept for this browser tab's session only: closing the tab signs out. */
export function loadCredential(): Credential | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Credential) : undefined;
    if (parsed?.kind === 'session') return parsed;
    return parsed?.kind === 'api-key' && typeof parsed.key === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function storeCredential(c: Credential | undefined): void {
  if (c) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(c));
  else sessionStorage.removeItem(STORAGE_KEY);
}
