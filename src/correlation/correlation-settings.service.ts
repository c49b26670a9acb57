import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/roles.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { type CorrelationSettings, type CorrelationSettingsInput, correlationSettingsSchema } from '../domain/correlation.js';
import { Problem } from '../http/problem.js';
import { CorrelationSettingsRepository } from './correlation-settings.repository.js';
import { settingsFromConfig } from './correlation-settings.js';
import type { CorrelationSettingsView } from './correlation.dto.js';

export const correlationETag = (version: number) => `"correlation-${version}"`;

/** The version an `If-Match` header names: undefined for none or `*`, null when it names no version of these settings. */
function expectedVersion(ifMatch: string | undefined): number | undefined | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const tag = /"correlation-(\d+)"/.exec(ifMatch);
  return tag ? Number(tag[1]) : null;
}

const stale = (now: number) =>
  new Problem(412, 'stale-etag', `The correlation settings changed since you read them (now ${correlationETag(now)}); reload and retry.`);

/** Correlation settings: read, replaced by an admin (with If-Match), changed by an accepted proposal; every change recorded. */
@Injectable()
export class CorrelationSettingsService {
  private readonly repo: CorrelationSettingsRepository;
  readonly defaults: CorrelationSettings;

  constructor(
    private readonly db: DataSource,
    @Inject(QUELL_CONFIG) config: QuellConfig,
  ) {
    this.repo = new CorrelationSettingsRepository(db);
    this.defaults = settingsFromConfig(config.correlation);
  }

  async view(): Promise<CorrelationSettingsView> {
    const stored = await this.repo.read();
    if (!stored) return { settings: this.defaults, defaults: this.defaults, version: 0 };
    return {
      settings: correlationSettingsSchema.parse(stored.settings),
      defaults: this.defaults,
      version: stored.version,
      updatedBy: stored.updatedBy,
      updatedAt: stored.updatedAt,
    };
  }

  /** Replaces the settings (a field left out takes the environment's value); a stale `If-Match` is refused with 412. */
  async put(input: CorrelationSettingsInput, who: Principal, ifMatch?: string): Promise<void> {
    const expected = expectedVersion(ifMatch);
    await this.db.transaction((m) => this.change(m, () => ({ ...this.defaults, ...input }), who.name, expected));
  }

  /**
   * Changes the settings in the caller's transaction, under the settings row's lock: `mutate` gets the
   * settings in force and returns the new ones. `expected` null or another version than the current: 412.
   */
  async change(
    m: EntityManager,
    mutate: (current: CorrelationSettings) => CorrelationSettings,
    by: string,
    expected?: number | null,
    proposalId?: string,
  ): Promise<number> {
    const stored = await this.repo.read(m, true);
    const version = stored?.version ?? 0;
    if (expected === null || (expected !== undefined && expected !== version)) throw stale(version);
    const before = stored ? correlationSettingsSchema.parse(stored.settings) : this.defaults;
    const after = correlationSettingsSchema.parse(mutate(structuredClone(before)));
    const saved = await this.repo.write(m, { before, after, by, expected: version, proposalId });
    if (saved === undefined) throw stale((await this.repo.read(m))?.version ?? version);
    return saved;
  }

  history(limit: number) {
    return this.repo.history(limit);
  }
}
