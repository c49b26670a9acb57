import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertsRepository, type CorrelationRecord } from '../alerts/alerts.repository.js';
import type { Principal } from '../auth/roles.js';
import { assertNever } from '../domain/assert-never.js';
import type { Entity } from '../domain/alert.js';
import { type CorrelationSettings, keyTypeOf, type ProposalKind, type ProposalStatus } from '../domain/correlation.js';
import { Problem } from '../http/problem.js';
import { CorrelationFeedbackRepository, type ProposalRow } from './correlation-feedback.repository.js';
import { CorrelationSettingsService } from './correlation-settings.service.js';
import { engineConfig } from './correlation-settings.js';
import { alertKeys, entityKeys } from './keys.js';

/** How many corrections a proposal shows (the count says how many there are in all). */
const EVIDENCE_SHOWN = 20;
/** Distinct keys of one kind that analysts separated alerts over before switching the kind off is proposed. */
const KEY_TYPE_THRESHOLD = 3;

const proposalId = (kind: ProposalKind, target: string) =>
  `prop-${createHash('sha256').update(`${kind}\n${target}`).digest('hex').slice(0, 24)}`;
const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
const rawKeys = (entities: Entity[]) => new Set(entities.flatMap((e) => entityKeys(e).map((k) => k.key)));

/**
 * Analysts' corrections of correlation, and the tuning they suggest. An alert moved out of its
 * incident was linked by the keys it shares with the alerts left there: each such key becomes a
 * proposal to ignore it (and a kind of key that keeps doing it, to switch the kind off). Incidents
 * merged by hand were kept apart although their alerts share keys: a key the settings block (ignored,
 * its kind or entity type switched off) becomes a proposal to use it again. Accepting a proposal
 * changes the settings, recorded like any other change.
 */
@Injectable()
export class CorrelationFeedbackService {
  private readonly repo: CorrelationFeedbackRepository;
  private readonly alerts: AlertsRepository;

  constructor(
    private readonly db: DataSource,
    private readonly settings: CorrelationSettingsService,
  ) {
    this.repo = new CorrelationFeedbackRepository(db);
    this.alerts = new AlertsRepository(db);
  }

  /** In the move's transaction, before the alert leaves incident `from`. */
  async alertMovedOut(m: EntityManager, alertId: string, from: number, reason: string, who: Principal): Promise<void> {
    const rows = await this.alerts.correlationsIn(m, [from]);
    const moved = rows.find((r) => r.id === alertId);
    if (!moved) return;
    const { settings } = await this.settings.view();
    const own = alertKeys(moved.entities, engineConfig(settings)).keys.map((k) => k.key);
    const others = new Set(rows.filter((r) => r.id !== alertId).flatMap((r) => [...rawKeys(r.entities)]));
    const linking = own.filter((k) => others.has(k)).sort();
    if (!linking.length) return;
    const why = moved.correlation?.reason ? `correlation had said: ${moved.correlation.reason}` : 'correlation had put it there';
    await this.repo.record(m, {
      kind: 'alert_moved_out',
      alertId,
      incidentIds: [from],
      keys: linking,
      reason: `${why}; the analyst said: ${reason}`,
      actor: who.name,
    });
    for (const key of linking) {
      const evidence = await this.repo.naming(m, key, EVIDENCE_SHOWN);
      await this.repo.propose(m, {
        id: proposalId('ignore_key', key),
        kind: 'ignore_key',
        target: key,
        summary: `ignore ${key}: it linked alerts an analyst separated ${times(evidence.count)}`,
        evidence,
      });
      const type = keyTypeOf(key);
      if (!type) continue;
      const separated = await this.repo.keysLike(m, `${type}:`, 1000);
      if (separated.length < KEY_TYPE_THRESHOLD) continue;
      const items = (await Promise.all(separated.slice(0, EVIDENCE_SHOWN).map((k) => this.repo.naming(m, k, 1)))).flatMap((e) => e.items);
      await this.repo.propose(m, {
        id: proposalId('disable_key_type', type),
        kind: 'disable_key_type',
        target: type,
        summary: `switch off key type ${type}: ${separated.length} different ${type} keys linked alerts analysts separated`,
        evidence: { count: separated.length, items },
      });
    }
  }

  /** In the merge's transaction, before the incidents are merged. */
  async incidentsMerged(m: EntityManager, ids: number[], reason: string, who: Principal): Promise<void> {
    const rows = await this.alerts.correlationsIn(m, ids);
    const byIncident = ids.map((id) => rows.filter((r) => r.incidentId === id));
    const keysOf = byIncident.map((alerts) => new Set(alerts.flatMap((a) => [...rawKeys(a.entities)])));
    const shared = [
      ...new Set(keysOf.flatMap((ks, i) => [...ks].filter((k) => keysOf.some((other, j) => j !== i && other.has(k))))),
    ].sort();
    if (!shared.length) return;
    const { settings } = await this.settings.view();
    const skipped = new Map(
      rows.flatMap((r) => (r.correlation as CorrelationRecord | null)?.skippedKeys ?? []).map((s) => [s.key, s.reason]),
    );
    const notes = shared.filter((k) => skipped.has(k)).map((k) => `${k}: ${skipped.get(k)}`);
    await this.repo.record(m, {
      kind: 'incidents_merged',
      alertId: null,
      incidentIds: ids,
      keys: shared,
      reason: `${notes.length ? `correlation had left out ${notes.join('; ')}` : 'correlation had kept them apart'}; the analyst said: ${reason}`,
      actor: who.name,
    });
    for (const key of shared) {
      const unblock = this.blockedBy(settings, key);
      if (!unblock) continue;
      const evidence = await this.repo.naming(m, key, EVIDENCE_SHOWN);
      await this.repo.propose(m, {
        id: proposalId(unblock.kind, unblock.target),
        kind: unblock.kind,
        target: unblock.target,
        summary: `${unblock.summary}: an analyst merged incidents it would have linked ${times(evidence.count)}`,
        evidence,
      });
    }
  }

  /** Which setting keeps `key` from correlating, as the proposal that would undo it. */
  private blockedBy(s: CorrelationSettings, key: string): { kind: ProposalKind; target: string; summary: string } | undefined {
    if (s.ignoreKeys.includes(key)) return { kind: 'stop_ignoring_key', target: key, summary: `stop ignoring ${key}` };
    const type = keyTypeOf(key);
    if (type && s.disabledKeyTypes.includes(type)) return { kind: 'enable_key_type', target: type, summary: `switch key type ${type} on` };
    const entity = ENTITY_OF[key.split(':')[0]];
    if (entity && s.disabledEntityTypes.includes(entity))
      return { kind: 'enable_entity_type', target: entity, summary: `switch entity type ${entity} on` };
    return undefined;
  }

  list(status: ProposalStatus[] | undefined, limit: number): Promise<ProposalRow[]> {
    return this.repo.list(status, limit);
  }

  /** Applies the proposal to the settings (a settings change naming it) and marks it accepted. */
  accept(id: string, who: Principal): Promise<ProposalRow> {
    return this.db.transaction(async (m) => {
      const p = await this.open(m, id);
      await this.settings.change(m, (s) => applyProposal(s, p.kind, p.target), who.name, undefined, p.id);
      return this.repo.decide(m, id, 'accepted', who.name);
    });
  }

  dismiss(id: string, who: Principal): Promise<ProposalRow> {
    return this.db.transaction(async (m) => {
      await this.open(m, id);
      return this.repo.decide(m, id, 'dismissed', who.name);
    });
  }

  private async open(m: EntityManager, id: string): Promise<ProposalRow> {
    const p = await this.repo.lock(m, id);
    if (!p) throw Problem.notFound(`Proposal ${id}`);
    if (p.status !== 'open') throw Problem.conflict(`Proposal ${id} was ${p.status} by ${p.decidedBy} already.`);
    return p;
  }
}

/** The entity type a key's first segment comes from. */
const ENTITY_OF: Record<string, string> = {
  device: 'device',
  user: 'user',
  mailbox: 'mailbox',
  ip: 'ip',
  url: 'url',
  host: 'url',
  domain: 'url',
  file: 'file',
  email: 'email',
  registry: 'registry',
  cloudapp: 'cloudApp',
};

const without = <T>(list: T[], x: T) => list.filter((v) => v !== x);
const withOne = <T>(list: T[], x: T) => (list.includes(x) ? list : [...list, x]);

/** The settings with the proposal applied. */
export function applyProposal(s: CorrelationSettings, kind: ProposalKind, target: string): CorrelationSettings {
  switch (kind) {
    case 'ignore_key':
      return { ...s, ignoreKeys: withOne(s.ignoreKeys, target) };
    case 'stop_ignoring_key':
      return { ...s, ignoreKeys: without(s.ignoreKeys, target) };
    case 'disable_key_type':
      return { ...s, disabledKeyTypes: withOne(s.disabledKeyTypes, target as CorrelationSettings['disabledKeyTypes'][number]) };
    case 'enable_key_type':
      return { ...s, disabledKeyTypes: without(s.disabledKeyTypes, target as CorrelationSettings['disabledKeyTypes'][number]) };
    case 'enable_entity_type':
      return { ...s, disabledEntityTypes: without(s.disabledEntityTypes, target) };
    default:
      return assertNever(kind, `unknown proposal kind ${String(kind)}`);
  }
}
