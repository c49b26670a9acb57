import { AutomationRepository } from '../src/actions/automation.repository.js';
import { deviceGroupsOf } from '../src/actions/device-group.js';
import { AlertsRepository } from '../src/alerts/alerts.repository.js';
import type { Entity } from '../src/domain/alert.js';
import type { InvestigationState } from '../src/domain/investigation.js';
import { InvestigationStore } from '../src/investigations/investigation.store.js';
import { levelFor } from '../src/domain/automation.js';
import type { PlaybookVersionsService } from '../src/playbooks/playbook-versions.service.js';
import type { ActivityDeps } from './deps.js';

/**
 * Whether an alert gets an automated investigation. One whose devices all have automation `none`,
 * or that no live playbook handles, does not — and its alert records why. Returns that state, or
 * undefined when the alert goes to its incident's investigation.
 */
export async function investigationGate(
  deps: Pick<ActivityDeps, 'db'>,
  alertId: string,
  versions: Pick<PlaybookVersionsService, 'match'>,
): Promise<InvestigationState | undefined> {
  const { alert } = (await new InvestigationStore(deps.db).playbookView(deps.db, alertId, false))!;
  const settings = await new AutomationRepository(deps.db).get();
  const devices = (alert.entities as Entity[]).filter((e): e is Extract<Entity, { type: 'device' }> => e.type === 'device');
  const groups = await deviceGroupsOf(deps.db, devices);
  const levels = (groups.length ? groups : [undefined]).map((g) => levelFor(settings, g).level);
  let state: InvestigationState | undefined;
  if (levels.every((l) => l === 'none')) state = 'automation_off';
  else if ((await versions.match(alert)).length === 0) state = 'unsupported_alert_type';
  if (state) await new AlertsRepository(deps.db).setInvestigationState(deps.db, alertId, state);
  return state;
}
