import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { z } from 'zod';
import { type Access, ROUTE_ACCESS } from '../../src/auth/roles.js';
import { ZodPipe } from '../../src/http/zod.pipe.js';

export interface RouteInfo {
  /** `GET /api/v1/incidents/{id}`: the OpenAPI spelling. */
  key: string;
  method: string;
  path: string;
  access: Access | undefined;
  body?: z.ZodType;
  query?: z.ZodType;
  params: Record<string, z.ZodType | undefined>;
}

function joinPath(base: string, sub: string): string {
  const parts = [base, sub].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return `/${parts.join('/')}`.replace(/:(\w+)/g, '{$1}');
}

/** Every route the running application serves, read from Nest's own metadata. */
export function routesOf(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const base: string = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
        const sub: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (method === undefined || sub === undefined) continue;
        const path = joinPath(base, Array.isArray(sub) ? sub[0] : sub);
        const args: Record<string, { data?: string; pipes?: unknown[] }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
        const info: RouteInfo = {
          key: `${RequestMethod[method]} ${path}`,
          method: RequestMethod[method],
          path,
          access: Reflect.getMetadata(ROUTE_ACCESS, handler) ?? Reflect.getMetadata(ROUTE_ACCESS, controller),
          params: {},
        };
        for (const arg of Object.values(args)) {
          const pipe = arg.pipes?.find((p): p is ZodPipe<z.ZodType> => p instanceof ZodPipe);
          if (!pipe) continue;
          if (pipe.where === 'body') info.body = pipe.schema;
          else if (pipe.where === 'query') info.query = pipe.schema;
          else info.params[arg.data ?? 'id'] = pipe.schema;
        }
        routes.push(info);
      }
    }
  }
  return routes;
}
