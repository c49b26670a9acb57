import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Problem } from '../http/problem.js';
import { noKey } from './authenticate.js';
import { type Access, type Principal, principalSatisfies, ROUTE_ACCESS, scopeFor } from './roles.js';

declare module 'express' {
  interface Request {
    principal?: Principal;
  }
}

/**
 * Authorisation from the route's own metadata, never from its path. The caller was authenticated
 * before routing (see `authenticate`); a route that declares no access is refused to everyone.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ROUTE_ACCESS, [ctx.getHandler(), ctx.getClass()]);
    if (access === 'public') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const principal = req.principal;
    if (!principal) throw noKey();
    if (!access) throw new Problem(403, 'forbidden', 'This operation declares no role, so nobody may call it.');
    if (!principalSatisfies(principal, access)) {
      const has = principal.grants
        ? `its assignments give ${[...new Set(principal.grants.map((g) => g.role))].join(', ')}`
        : `the key has '${principal.role}'`;
      throw new Problem(403, 'forbidden', `This operation needs the role '${access}'; ${has}.`);
    }
    // The route's handlers read what the caller may reach from here, for the role this route needs.
    req.principal = { ...principal, scope: scopeFor(principal, access) };
    return true;
  }
}
