import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../http/problem.js';
import { sendException } from '../http/problem.filter.js';
import { ApiKeysService, hashKey } from './api-keys.service.js';
import type { FailureBackoff } from './failure-backoff.js';
import type { AuthFailureAudit } from '../audit/auth-failure-audit.js';
import type { AccessService } from './access.service.js';
import { isPublicPath, type Principal } from './roles.js';
import { type OidcService, SignInRefused } from '../people/oidc.service.js';

/** The answer to a request without a key, wherever it is noticed. */
export const noKey = () => new Problem(401, 'unauthenticated', 'Send an API key as `Authorization: Bearer <key>`.');

/**
 * Authentication before routing: every path outside the public ones needs a valid key, whether or
 * not a route exists for it, so no spelling of a path (letter case, trailing slash, encoding) can
 * reach a handler unauthenticated. Which role a route needs is the guard's decision.
 */
export function authenticate(
  keys: ApiKeysService,
  access: AccessService,
  backoff: FailureBackoff | undefined,
  audit?: AuthFailureAudit,
  oidc?: OidcService,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isPublicPath(req.path)) return next();
    const source = { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null };
    /** Lets the principal in with its assignments, unless it is a person who was deactivated. */
    const admit = async (principal: Principal) => {
      const { active, grants, tokensFrom } = await access.of(principal.subject);
      if (!active) {
        audit?.failed(source.ip, source.userAgent, 'person_deactivated');
        return sendException(res, new Problem(401, 'unauthenticated', 'The person this credential belongs to has been deactivated.'));
      }
      // `iat` counts whole seconds: a token of the reactivation's own second counts.
      if (tokensFrom && principal.tokenIssuedAt && principal.tokenIssuedAt.getTime() < Math.floor(tokensFrom.getTime() / 1000) * 1000) {
        audit?.failed(source.ip, source.userAgent, 'invalid_token:issued_before_reactivation');
        return sendException(
          res,
          new Problem(401, 'unauthenticated', 'The access token was issued before its person was reactivated; get a new one.'),
        );
      }
      req.principal = { ...principal, grants, source };
      next();
    };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const session = match ? undefined : sessionCookie(req);
    if (!match && !(session && oidc?.settings)) {
      res.set('WWW-Authenticate', 'Bearer');
      return sendException(res, noKey());
    }
    if (session) {
      // The cookie travels with any request the browser makes; only the console's own calls carry
      // this header, and no other site can add it without a CORS preflight Quell never grants.
      if (req.get(SESSION_HEADER) !== '1')
        return sendException(res, new Problem(401, 'unauthenticated', `A session cookie must come with the ${SESSION_HEADER} header.`));
      oidc!
        .verifySession(session)
        .then(async (principal) => {
          if (!principal) {
            // The browser drops a cookie that can never work again, so the console shows its sign-in.
            res.clearCookie(SESSION_COOKIE, { path: '/' });
            return sendException(res, new Problem(401, 'unauthenticated', 'The session has expired or was signed out; sign in again.'));
          }
          await admit(principal);
        })
        .catch(next);
      return;
    }
    const presented = match![1];
    const subjects = [`address:${req.ip ?? 'unknown'}`, `key:${hashKey(presented)}`];
    const check = async () => {
      // A valid key always gets in: throttling only ever refuses guesses, so nobody can lock a
      // detector or an analyst out by failing from (or spoofing) their address.
      let refusal: SignInRefused | undefined;
      let principal: Principal | undefined;
      if (oidc?.settings && JWT_SHAPE.test(presented)) {
        try {
          principal = await oidc.verifyAccessToken(presented);
        } catch (err) {
          if (!(err instanceof SignInRefused)) throw err;
          refusal = err;
        }
      } else principal = await keys.verify(presented);
      if (principal) return admit(principal);
      // A genuine token from the provider whose person has no Quell role: not a guess, not throttled.
      if (refusal?.status === 403) return sendException(res, new Problem(403, 'no-role', refusal.message));
      const wait = backoff ? await backoff.blockedFor(subjects) : 0;
      audit?.failed(
        source.ip,
        source.userAgent,
        wait > 0 ? 'throttled' : refusal ? `invalid_token:${refusal.reason}` : 'invalid_or_revoked_key',
      );
      if (wait > 0) return sendException(res, Problem.tooManyRequests('Too many failed authentication attempts.', wait));
      await backoff?.fail(subjects);
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendException(res, new Problem(401, 'unauthenticated', refusal ? refusal.message : 'The API key is invalid or has been revoked.'));
    };
    check().catch(next);
  };
}

/** Three base64url parts: a JWS, as an OpenID provider issues access tokens. */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** The console's session cookie: httpOnly (scripts never see it), SameSite=Strict, for the whole origin. */
export const SESSION_COOKIE = 'quell_session';
/** The header the console sends with every call made on a session cookie. */
export const SESSION_HEADER = 'X-Quell-Session';

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const sessionCookie = (req: Request) => readCookie(req, SESSION_COOKIE);
