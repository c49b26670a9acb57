import { SetMetadata } from '@nestjs/common';
import { isConsolePath } from '../console/console-paths.js';

export const ROLES = ['ingest', 'reader', 'analyst', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Which key roles satisfy a route's required role. Admin satisfies everything. */
const SATISFIED_BY: Record<Role, readonly Role[]> = {
  ingest: ['ingest', 'admin'],
  reader: ['reader', 'analyst', 'approver', 'admin'],
  analyst: ['analyst', 'admin'],
  approver: ['approver', 'admin'],
  admin: ['admin'],
};

export function roleSatisfies(keyRole: Role, required: Role): boolean {
  return SATISFIED_BY[required].includes(keyRole);
}

/**
 * Every route declares who may call it: a role, or `public`. The guard refuses a route that
 * declares neither, so a new route is closed until someone decides.
 */
export type Access = Role | 'public';
export const ROUTE_ACCESS = 'quell:route-access';

/** The role a route needs. */
export const RequireRole = (role: Role) => SetMetadata(ROUTE_ACCESS, role satisfies Access);
/** A route anyone who reaches the port may call (liveness and readiness only). */
export const Public = () => SetMetadata(ROUTE_ACCESS, 'public' satisfies Access);

/**
 * Paths served without a key. Matched exactly and case-sensitively, as the router matches them;
 * every other path, routed or not, is authenticated first. The API documentation is public: it is
 * the contract the open-source code already publishes. So are the console's pages and files (see
 * `isConsolePath`): they carry no data, and the console calls the API with the analyst's key.
 */
/** Slack's button callback: Slack has no Quell key; its signing secret authenticates it (ChatService). */
export const SLACK_INTERACTIONS_PATH = '/api/v1/chat/slack/interactions';

/** The Teams bot's messaging endpoint: the Bot Framework's signed token authenticates it (ChatService). */
export const TEAMS_MESSAGES_PATH = '/api/v1/chat/teams/messages';

export const PUBLIC_PATHS: ReadonlySet<string> = new Set([
  '/healthz',
  '/readyz',
  '/openapi.json',
  '/docs',
  SLACK_INTERACTIONS_PATH,
  TEAMS_MESSAGES_PATH,
]);
const PUBLIC_PREFIXES = ['/docs/'];

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p)) || isConsolePath(path);
}

export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** Where this request came from (for the audit log). */
  source?: { ip: string | null; userAgent: string | null };
}
