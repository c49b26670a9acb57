import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Scoped role assignments (see `domain/scope.ts`): a subject holds a role within a scope; one row per distinct grant. */
export class RoleAssignments1768400000000 implements MigrationInterface {
  name = 'RoleAssignments1768400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE role_assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text NOT NULL,
        role text NOT NULL CHECK (role IN ('ingest','reader','analyst','approver','admin')),
        scope_kind text NOT NULL CHECK (scope_kind IN ('all','device_group','action_family','incident_tag')),
        scope_value text NOT NULL DEFAULT '',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subject, role, scope_kind, scope_value)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE role_assignments');
  }
}
