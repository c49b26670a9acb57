import { AutomationRepository } from '../src/actions/automation.repository.js';
import { deviceGroupsOf } from '../src/actions/device-group.js';
import { AlertsRepository } from '../src/alerts/alerts.repository.js';
import type { Entity } from '../src/domain/alert.js';
import type { InvestigationState } from '../src/domain/investigation.js';
import { InvestigationStore } from '../src/investigations/investigation.store.js';
import { levelFor } from '../src/domain/automation.js';
import type { PlaybookVersionsService } from '../src/playbooks/playbook-versions.service.js';
import type { ActivityDeps } from './deps.js';

type Device = Extract<Entity, { type: 'device' }>;

/**
 * Whether each alert gets an automated investigation. One whose devices all have automation
 * `none`, or that no live playbook handles, does not — and its alert records why. Returns, per
 * alert in the order given, that state, or undefined when the alert goes to its incident's
 * investigation. The automation settings, the devices' groups and the live playbooks are read once
 * for all the alerts.
 */
export async function investigationGates(
  deps: Pick<ActivityDeps, 'db'>,
  alertIds: string[],
  versions: Pick<PlaybookVersionsService, 'matcher'>,
): Promise<(InvestigationState | undefined)[]> {
  if (!alertIds.length) return [];
  const views = await new InvestigationStore(deps.db).alertViews(deps.db, alertIds);
  const settings = await new AutomationRepository(deps.db).get();
  const devicesOf = new Map([...views].map(([id, a]) => [id, (a.entities as Entity[]).filter((e): e is Device => e.type === 'device')]));
  const allDevices = [...devicesOf.values()].flat();
  const groups = await deviceGroupsOf(deps.db, allDevices);
  const groupOf = new Map(allDevices.map((d, i) => [d, groups[i]]));
  const match = await versions.matcher();
  const states = alertIds.map((id): InvestigationState | undefined => {
    const alert = views.get(id);
    if (!alert) return undefined;
    const own = devicesOf.get(id)!.map((d) => groupOf.get(d));
    const levels = (own.length ? own : [undefined]).map((g) => levelFor(settings, g).level);
    if (levels.every((l) => l === 'none')) return 'automation_off';
    if (match(alert).length === 0) return 'unsupported_alert_type';
    return undefined;
  });
  await new AlertsRepository(deps.db).setInvestigationStates(
    deps.db,
    alertIds.flatMap((alertId, i) => (states[i] ? [{ alertId, state: states[i] }] : [])),
  );
  return states;
}
