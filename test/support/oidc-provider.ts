import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

/** Test accounts: the login typed at the provider's sign-in form is the account id. */
export const ACCOUNTS: Record<string, { name: string; email: string; groups: string[] }> = {
  alice: { name: 'Alice Analyst', email: 'alice@contoso.test', groups: ['soc-analysts', 'everyone'] },
  bob: { name: 'Bob Approver', email: 'bob@contoso.test', groups: ['soc-approvers'] },
  carol: { name: 'Carol Approver', email: 'carol@contoso.test', groups: ['soc-approvers', 'soc-analysts'] },
  dave: { name: 'Dave Admin', email: 'dave@contoso.test', groups: ['soc-admins'] },
  mallory: { name: 'Mallory Marketing', email: 'mallory@contoso.test', groups: ['marketing'] },
};

/** Resource indicators the provider issues JWT access tokens for: Quell's, a short-lived Quell one, and another API's. */
export const RESOURCES = {
  quell: 'https://quell.test/api',
  quellShortLived: 'https://quell.test/api-short',
  other: 'https://other.test/api',
} as const;
const RESOURCE_SERVERS: Record<string, { audience: string; accessTokenTTL: number }> = {
  [RESOURCES.quell]: { audience: 'quell-api', accessTokenTTL: 300 },
  [RESOURCES.quellShortLived]: { audience: 'quell-api', accessTokenTTL: 2 },
  [RESOURCES.other]: { audience: 'other-api', accessTokenTTL: 300 },
};

export interface TestProvider {
  issuer: string;
  /** The client Quell's console signs in as. */
  console: { clientId: string; clientSecret: string; redirectUri: string };
  /** A second client (a command-line tool, say) that gets access tokens for the API. */
  cli: { clientId: string; redirectUri: string };
  /** The signing keys' ids now published. */
  kids(): string[];
  /** Replaces the signing key: the old kid leaves the JWKS, tokens are signed with a new one. */
  rotateKeys(): Promise<void>;
  close(): Promise<void>;
}

async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `k-${Math.random().toString(36).slice(2, 10)}`, alg: 'RS256', use: 'sig' };
}

/**
 * A real OpenID provider (the certified `oidc-provider` package) with its development sign-in and
 * consent pages, issuing JWT access tokens for Quell's API. Rotation builds a new provider with
 * a new key behind the same address, as a provider rotating its keys does.
 */
export async function startOidcProvider(opts: { port: number; quellRedirectUri: string }): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const consoleClient = { clientId: 'quell-console', clientSecret: 'console-secret-for-tests-only', redirectUri: opts.quellRedirectUri };
  const cli = { clientId: 'quell-cli', redirectUri: 'http://127.0.0.1/cli-callback' };
  let keys = [await signingKey()];

  const build = () =>
    new Provider(issuer, {
      clients: [
        {
          client_id: consoleClient.clientId,
          client_secret: consoleClient.clientSecret,
          redirect_uris: [consoleClient.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
        {
          client_id: cli.clientId,
          token_endpoint_auth_method: 'none',
          redirect_uris: [cli.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys },
      async findAccount(_ctx, id) {
        const a = ACCOUNTS[id];
        if (!a) return undefined;
        return { accountId: id, claims: async () => ({ sub: id, name: a.name, email: a.email, groups: a.groups }) };
      },
      claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
      // Profile, e-mail and groups in the ID token itself, as Entra ID, Okta and Keycloak can be set up to do.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => RESOURCES.quell,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, indicator) => {
            const server = RESOURCE_SERVERS[indicator];
            if (!server) throw new Error(`unknown resource ${indicator}`);
            return { scope: 'api', accessTokenFormat: 'jwt', ...server };
          },
        },
      },
      async extraTokenClaims(_ctx, token) {
        const a = 'accountId' in token ? ACCOUNTS[token.accountId] : undefined;
        return a ? { name: a.name, email: a.email, groups: a.groups } : undefined;
      },
      ttl: {
        AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? 300,
        IdToken: 300,
        Interaction: 600,
        Session: 600,
        Grant: 600,
        AuthorizationCode: 60,
      },
    });

  let provider = build();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => provider.callback()(req, res));
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  if (port !== opts.port) throw new Error('the provider is not on its port');
  return {
    issuer,
    console: consoleClient,
    cli,
    kids: () => keys.map((k) => k.kid!),
    async rotateKeys() {
      keys = [await signingKey()];
      provider = build();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A cookie jar for one host: enough for the provider's interaction cookies. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Signs `login` in at the provider the way a browser would: from the authorization URL through the
 * provider's sign-in and consent pages (plain HTTP, following redirects) to the redirect back to
 * the client, whose URL (with `code` and `state`) is returned.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, redirectPrefix: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(res);
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (next.href.startsWith(redirectPrefix)) return next;
      url = next;
      continue;
    }
    const page = await res.text();
    if (res.status !== 200) throw new Error(`the provider answered ${res.status}: ${page.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`unexpected provider page: ${page.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    const submit = await fetch(new URL(action.replace(/&amp;/g, '&'), url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    jar.take(submit);
    if (submit.status < 300 || submit.status >= 400) throw new Error(`the provider's ${prompt} page answered ${submit.status}`);
    url = new URL(submit.headers.get('location')!, url);
  }
  throw new Error('too many redirects at the provider');
}
