import { SetMetadata } from '@nestjs/common';
import { isConsolePath } from '../console/console-paths.js';
import { type ScopeLimit, type ScopeSpec, scopeOf } from '../domain/scope.js';

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
  // Signing in: what to offer, the redirect to the OpenID provider and its callback.
  '/api/v1/auth/options',
  '/auth/sign-in',
  '/auth/callback',
  SLACK_INTERACTIONS_PATH,
  TEAMS_MESSAGES_PATH,
]);
const PUBLIC_PREFIXES = ['/docs/'];

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p)) || isConsolePath(path);
}

/** A person as the OpenID provider vouches for them (`issuer` + `subject`), with Quell's id for them. */
export interface Person {
  id: string;
  issuer: string;
  subject: string;
  name: string;
  email: string | null;
}

export interface Principal {
  /** The API key's id; for a person signed in through the provider (session or token), the session's or token's id. */
  keyId: string;
  name: string;
  role: Role;
  /**
   * The actor's stable identity for every "who" decision (four-eyes, self-approval, audit):
   * `person:<person id>` when a person acts (a session, a token, a key they own), else `key:<keyId>`.
   */
  subject: string;
  person?: Person;
  /** The subject's scoped role assignments; absent when it has none (the key's role, unrestricted). See `domain/scope.ts`. */
  grants?: Grant[];
  /** What this request may reach, for the role its route needs (set by the guard); null or absent: everything. */
  scope?: ScopeLimit;
  /** Where this request came from (for the audit log). */
  source?: { ip: string | null; userAgent: string | null };
  /** For the provider's access token: when it was issued (`iat`; the epoch when it has none). */
  tokenIssuedAt?: Date;
}

/** One scoped role assignment as authorisation reads it. */
export interface Grant {
  role: Role;
  scope: ScopeSpec;
}

/** Whether the principal may call a route that needs `required`: through its key's role, or, when it has assignments, through one of them. */
export function principalSatisfies(p: Principal, required: Role): boolean {
  return p.grants ? p.grants.some((g) => roleSatisfies(g.role, required)) : roleSatisfies(p.role, required);
}

/** What the principal reaches with the role `required`: the union of the scopes of the assignments that give it. */
export function scopeFor(p: Principal, required: Role): ScopeLimit {
  if (!p.grants) return null;
  return scopeOf(p.grants.filter((g) => roleSatisfies(g.role, required)).map((g) => g.scope));
}
const PERSON = 'person:';
/** The `subject` of a person, and of a key no person owns (see `Principal.subject`). */
export const personSubject = (personId: string) => `${PERSON}${personId}`;
/** The person a subject names, or undefined for a key no person owns. */
export const personOf = (subject: string | undefined): string | undefined =>
  subject?.startsWith(PERSON) ? subject.slice(PERSON.length) : undefined;
export const keySubject = (keyId: string) => `key:${keyId}`;
