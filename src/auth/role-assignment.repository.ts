import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Audited, recordAudit } from '../audit/audit.store.js';
import type { ScopeKind, ScopeSpec } from '../domain/scope.js';
import type { Grant, Role } from './roles.js';

export interface RoleAssignmentRow {
  id: string;
  subject: string;
  role: Role;
  scope: ScopeSpec;
  createdBy: string;
  createdAt: Date;
}

interface DbRow {
  id: string;
  subject: string;
  role: Role;
  scope_kind: ScopeKind;
  scope_value: string;
  created_by: string;
  created_at: Date;
}

const COLUMNS = 'id, subject, role, scope_kind, scope_value, created_by, created_at';

function mapRow(r: DbRow): RoleAssignmentRow {
  const scope = (r.scope_kind === 'all' ? { kind: 'all' } : { kind: r.scope_kind, value: r.scope_value }) as ScopeSpec;
  return { id: r.id, subject: r.subject, role: r.role, scope, createdBy: r.created_by, createdAt: r.created_at };
}

/** Owns `role_assignments`; every change is audited in its own transaction. */
@Injectable()
export class RoleAssignmentRepository {
  constructor(private readonly db: DataSource) {}

  async list(subject?: string): Promise<RoleAssignmentRow[]> {
    const rows: DbRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM role_assignments ${subject ? 'WHERE subject = $1' : ''} ORDER BY subject, created_at, id`,
      subject ? [subject] : [],
    );
    return rows.map(mapRow);
  }

  /** The subject's assignments as authorisation reads them; undefined when it has none. */
  async grantsOf(subject: string): Promise<Grant[] | undefined> {
    const rows = await this.list(subject);
    return rows.length ? rows.map((r) => ({ role: r.role, scope: r.scope })) : undefined;
  }

  /** Creates the assignment; an identical one already there is answered as it is (`created: false`), and not audited again. */
  async create(a: { subject: string; role: Role; scope: ScopeSpec }, by: Audited): Promise<{ row: RoleAssignmentRow; created: boolean }> {
    return this.db.transaction(async (m) => {
      const value = a.scope.kind === 'all' ? '' : a.scope.value;
      const inserted: DbRow[] = await m.query(
        `INSERT INTO role_assignments (subject, role, scope_kind, scope_value, created_by) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (subject, role, scope_kind, scope_value) DO NOTHING RETURNING ${COLUMNS}`,
        [a.subject, a.role, a.scope.kind, value, by.actor.name],
      );
      if (!inserted.length) {
        const existing: DbRow[] = await m.query(
          `SELECT ${COLUMNS} FROM role_assignments WHERE subject = $1 AND role = $2 AND scope_kind = $3 AND scope_value = $4`,
          [a.subject, a.role, a.scope.kind, value],
        );
        return { row: mapRow(existing[0]), created: false };
      }
      const row = mapRow(inserted[0]);
      await recordAudit(m, { ...by, action: 'role_assignment.created', target: { type: 'role_assignment', id: row.id }, after: row });
      return { row, created: true };
    });
  }

  /** Removes every assignment of the subject in the caller's transaction, each audited; returns them. */
  async deleteAllOf(m: EntityManager, subject: string, by: Audited): Promise<RoleAssignmentRow[]> {
    const [deleted]: [DbRow[], number] = await m.query(`DELETE FROM role_assignments WHERE subject = $1 RETURNING ${COLUMNS}`, [subject]);
    const rows = deleted.map(mapRow);
    for (const row of rows)
      await recordAudit(m, { ...by, action: 'role_assignment.deleted', target: { type: 'role_assignment', id: row.id }, before: row });
    return rows;
  }

  async delete(id: string, by: Audited): Promise<RoleAssignmentRow | undefined> {
    return this.db.transaction(async (m) => {
      const [deleted]: [DbRow[], number] = await m.query(`DELETE FROM role_assignments WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      if (!deleted.length) return undefined;
      const row = mapRow(deleted[0]);
      await recordAudit(m, { ...by, action: 'role_assignment.deleted', target: { type: 'role_assignment', id: row.id }, before: row });
      return row;
    });
  }
}
