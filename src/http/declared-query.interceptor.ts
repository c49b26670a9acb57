import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { Request } from 'express';
import { Problem } from './problem.js';

/**
 * A route that declares no query schema takes no query parameters: `?sort=x` on such a route is a
 * 400, not silently ignored. Routes with a schema reject unknown parameters through it (strict objects).
 */
@Injectable()
export class DeclaredQueryInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler) {
    const req = ctx.switchToHttp().getRequest<Request>();
    const names = Object.keys(req.query ?? {});
    if (names.length) {
      const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), ctx.getHandler().name) ?? {};
      const takesQuery = Object.keys(args).some((k) => k.split(':')[0] === String(RouteParamtypes.QUERY));
      if (!takesQuery) {
        throw Problem.validation(names.map((name) => ({ path: `query.${name}`, message: 'is not a parameter of this operation' })));
      }
    }
    return next.handle();
  }
}
