import type { NextFunction, Request, Response } from 'express';
import { Problem } from '../http/problem.js';
import { sendException } from '../http/problem.filter.js';
import { ApiKeysService, hashKey } from './api-keys.service.js';
import type { FailureBackoff } from './failure-backoff.js';
import type { AuthFailureAudit } from '../audit/auth-failure-audit.js';
import type { RoleAssignmentRepository } from './role-assignment.repository.js';
import { isPublicPath } from './roles.js';

/** The answer to a request without a key, wherever it is noticed. */
export const noKey = () => new Problem(401, 'unauthenticated', 'Send an API key as `Authorization: Bearer <key>`.');

/**
 * Authentication before routing: every path outside the public ones needs a valid key, whether or
 * not a route exists for it, so no spelling of a path (letter case, trailing slash, encoding) can
 * reach a handler unauthenticated. Which role a route needs is the guard's decision.
 */
export function authenticate(
  keys: ApiKeysService,
  assignments: RoleAssignmentRepository,
  backoff: FailureBackoff | undefined,
  audit?: AuthFailureAudit,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isPublicPath(req.path)) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      res.set('WWW-Authenticate', 'Bearer');
      return sendException(res, noKey());
    }
    const presented = match[1];
    const subjects = [`address:${req.ip ?? 'unknown'}`, `key:${hashKey(presented)}`];
    const check = async () => {
      // A valid key always gets in: throttling only ever refuses guesses, so nobody can lock a
      // detector or an analyst out by failing from (or spoofing) their address.
      const principal = await keys.verify(presented);
      if (principal) {
        const subject = `key:${principal.keyId}`;
        // Read on every request: a removed assignment stops counting at once.
        const grants = await assignments.grantsOf(subject);
        req.principal = { ...principal, subject, grants, source: { ip: req.ip ?? null, userAgent: req.get('user-agent') ?? null } };
        return next();
      }
      const wait = backoff ? await backoff.blockedFor(subjects) : 0;
      audit?.failed(req.ip ?? null, req.get('user-agent') ?? null, wait > 0 ? 'throttled' : 'invalid_or_revoked_key');
      if (wait > 0) return sendException(res, Problem.tooManyRequests('Too many failed authentication attempts.', wait));
      await backoff?.fail(subjects);
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendException(res, new Problem(401, 'unauthenticated', 'The API key is invalid or has been revoked.'));
    };
    check().catch(next);
  };
}
