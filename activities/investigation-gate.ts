import { AutomationRepository } from '../src/actions/automation.repository.js';
import type { Entity } from '../src/domain/alert.js';
import { levelFor } from '../src/domain/automation.js';
import type { ActivityDeps } from './deps.js';

/** The device groups an alert names, from its entities or, failing that, the connector's estate. */
async function deviceGroupsOf(deps: Pick<ActivityDeps, 'db'>, entities: Entity[]): Promise<(string | undefined)[]> {
  const devices = entities.filter((e): e is Extract<Entity, { type: 'device' }> => e.type === 'device');
  return Promise.all(
    devices.map(async (d) => {
      if (d.deviceGroup) return d.deviceGroup;
      const rows = await deps.db
        .query(`SELECT device_group FROM lab_devices WHERE device_id = $1 OR hostname = $2 LIMIT 1`, [d.deviceId ?? '', d.hostname?.toLowerCase().split('.')[0] ?? ''])
        .catch(() => []);
      return rows[0]?.device_group ?? undefined;
    }),
  );
}

/**
 * Whether an alert gets an automated investigation. One whose devices all have automation `none`,
 * or that no playbook handles, does not — and its alert records why. Returns that state, or
 * undefined when the alert goes to its incident's investigation.
 */
export async function investigationGate(deps: Pick<ActivityDeps, 'db' | 'playbooks'>, alertId: string): Promise<string | undefined> {
  const [alert] = await deps.db.query(
    `SELECT id, source, type, title, severity, category, mitre_techniques AS "mitreTechniques", entities, external_id AS "externalId" FROM alerts WHERE id = $1`,
    [alertId],
  );
  const settings = await new AutomationRepository(deps.db).get();
  const groups = await deviceGroupsOf(deps, alert.entities);
  const levels = (groups.length ? groups : [undefined]).map((g) => levelFor(settings, g).level);
  let state: string | undefined;
  if (levels.every((l) => l === 'none')) state = 'automation_off';
  else if (deps.playbooks.match(alert).length === 0) state = 'unsupported_alert_type';
  if (state) await deps.db.query(`UPDATE alerts SET investigation_state = $2 WHERE id = $1`, [alertId, state]);
  return state;
}
