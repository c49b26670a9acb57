import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiKeyRepository, type ApiKeyRow } from './api-key.repository.js';
import { keySubject, personSubject, type Principal, type Role } from './roles.js';
import { type Audited, recordAudit, systemAudit } from '../audit/audit.store.js';

const KEY_PREFIX = 'qk_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Keys are 32 random bytes; only their SHA-256 is stored (a high-entropy secret needs no slow hash). */
@Injectable()
export class ApiKeysService {
  /** Verified keys, briefly: a revoked key stops working within this many milliseconds. */
  private static readonly CACHE_MS = 5_000;
  private readonly cache = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly keys: ApiKeyRepository) {}

  /** Creates a key and its audit entry in one transaction; the key itself is returned once and never logged. */
  /** `ownerPersonId`: the person the key acts for (their key counts as them), or null for a service key. */
  async create(name: string, role: Role, by: Audited, ownerPersonId: string | null = null): Promise<{ key: string; record: ApiKeyRow }> {
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const record = await this.keys.db.transaction(async (m) => {
      const row = await this.keys.insert(
        { name, role, keyHash: hashKey(key), keyPrefix: key.slice(0, 10), createdBy: by.actor.name, ownerPersonId },
        m,
      );
      await recordAudit(m, { ...by, action: 'key.created', target: { type: 'api_key', id: row.id }, after: row });
      return row;
    });
    return { key, record };
  }

  async verify(presented: string): Promise<Principal | undefined> {
    if (!presented.startsWith(KEY_PREFIX) || presented.length > 200) return undefined;
    const hash = hashKey(presented);
    const cached = this.cache.get(hash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const row = await this.keys.findActiveByHash(hash);
    if (!row || !timingSafeEqual(Buffer.from(row.keyHash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
    const principal: Principal = row.owner
      ? { keyId: row.id, name: row.name, role: row.role, subject: personSubject(row.owner.id), person: row.owner }
      : { keyId: row.id, name: row.name, role: row.role, subject: keySubject(row.id) };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: Date.now() + ApiKeysService.CACHE_MS });
    void this.keys.touch(row.id).catch(() => undefined);
    return principal;
  }

  list(includeRevoked = false): Promise<ApiKeyRow[]> {
    return this.keys.list(includeRevoked);
  }

  async revoke(idOrName: string, by: Audited): Promise<ApiKeyRow | undefined> {
    const row = await this.keys.db.transaction(async (m) => {
      const revoked = await this.keys.revoke(idOrName, m);
      if (!revoked) return undefined;
      const { wasActive, ...record } = revoked;
      if (wasActive) {
        await recordAudit(m, {
          ...by,
          action: 'key.revoked',
          target: { type: 'api_key', id: record.id },
          before: { ...record, revokedAt: null },
          after: record,
        });
      }
      return record;
    });
    this.forgetAll();
    return row;
  }

  /** Drops every verified key this process remembers: the next request of each is checked against the database. */
  forgetAll(): void {
    this.cache.clear();
  }

  /** On the first start there is no key at all: make an admin key so the operator can get in. */
  async bootstrapAdmin(): Promise<string | undefined> {
    if ((await this.keys.countActive()) > 0) return undefined;
    const { key } = await this.create('bootstrap-admin', 'admin', systemAudit('system'));
    return key;
  }
}
