import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** An app registration as the fakes check it. */
export interface FakeCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/** A local HTTP server on a free port that hands each request, with its whole body, to `handle`. */
export async function serveFake(
  handle: (req: IncomingMessage, res: ServerResponse, data: string) => void,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => handle(req, res, data));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/**
 * Entra ID's answer to a client-credentials token request: the refusal (grant, client, scope) as
 * Entra words it, or undefined when the request is good.
 */
export function tokenRefusal(
  form: URLSearchParams,
  credentials: FakeCredentials,
  scope: string,
): { status: number; body: object } | undefined {
  if (form.get('grant_type') !== 'client_credentials')
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'AADSTS70003: grant type not supported' } };
  if (form.get('client_id') !== credentials.clientId || form.get('client_secret') !== credentials.clientSecret)
    return { status: 401, body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' } };
  if (form.get('scope') !== scope)
    return { status: 400, body: { error: 'invalid_scope', error_description: 'AADSTS70011: The provided value for scope is not valid.' } };
  return undefined;
}

/** A token that looks like Entra's (a JWT), and the body Entra answers it with. */
export function issueToken(lifetimeSeconds: number): { token: string; body: object } {
  const token = `eyJ0eXAiOiJKV1QifQ.${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
  return { token, body: { token_type: 'Bearer', expires_in: lifetimeSeconds, ext_expires_in: lifetimeSeconds, access_token: token } };
}
