import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Problem } from '../http/problem.js';
import { ApiKeysService } from './api-keys.service.js';
import { REQUIRED_ROLE, type Principal, type Role, roleSatisfies } from './roles.js';

declare module 'express' {
  interface Request {
    principal?: Principal;
  }
}

/** Every /api/v1 route needs `Authorization: Bearer <key>` with a role that satisfies the route's. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!req.path.startsWith('/api/')) return true;
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [ctx.getHandler(), ctx.getClass()]);
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new Problem(401, 'unauthenticated', 'Send an API key as `Authorization: Bearer <key>`.');
    }
    const principal = await this.keys.verify(match[1]);
    if (!principal) throw new Problem(401, 'unauthenticated', 'The API key is invalid or has been revoked.');
    req.principal = principal;
    if (!required || !roleSatisfies(principal.role, required)) {
      throw new Problem(403, 'forbidden', `This operation needs the role '${required ?? 'admin'}'; the key has '${principal.role}'.`);
    }
    return true;
  }
}
