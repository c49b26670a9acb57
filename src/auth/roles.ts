import { SetMetadata } from '@nestjs/common';

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

export const REQUIRED_ROLE = 'quell:required-role';
/** The role a route needs; routes under /api/v1 without one are refused. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export interface Principal {
  keyId: string;
  name: string;
  role: Role;
}
