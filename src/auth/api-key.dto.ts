import { z } from 'zod';
import { component, instant } from '../http/api-schemas.js';
import type { ApiKeyRow } from './api-key.repository.js';
import { ROLES } from './roles.js';

/** Response bodies of /api/v1/keys: a key's record, never the key (except once, when it is created). */

export const apiKeySchema = component(
  'ApiKey',
  z.object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(ROLES),
    prefix: z.string().describe('The first characters of the key, to recognise it'),
    createdBy: z.string().nullable(),
    createdAt: instant,
    lastUsedAt: instant.nullable(),
    revokedAt: instant.nullable(),
    ownerPersonId: z.uuid().nullable().describe('The person the key acts for (their approvals count as theirs); null for a service key'),
  }),
);
export type ApiKeyView = z.output<typeof apiKeySchema>;

export const newApiKeySchema = component(
  'NewApiKey',
  apiKeySchema.extend({ key: z.string().describe('The key itself: shown only in this response') }),
);
export const apiKeyListSchema = component('ApiKeyList', z.object({ items: z.array(apiKeySchema) }));

export function mapKey(k: ApiKeyRow): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    prefix: k.keyPrefix,
    createdBy: k.createdBy,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    revokedAt: k.revokedAt,
    ownerPersonId: k.ownerPersonId,
  };
}
