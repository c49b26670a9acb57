import type { DataSource } from 'typeorm';
import type { QuellConfig } from '../config/config.js';
import { type CorrelationSettings, correlationSettingsSchema } from '../domain/correlation.js';
import { CorrelationSettingsRepository } from './correlation-settings.repository.js';
import { ignoreMatcher } from './keys.js';

export type CorrelationConfig = QuellConfig['correlation'];

/** The settings the environment gives: in force until an admin saves some, and what a field left out of a PUT takes. */
export function settingsFromConfig(c: CorrelationConfig): CorrelationSettings {
  return {
    windowHours: c.windowMs / 3600_000,
    prevalenceLimit: c.prevalenceLimit,
    mergeCap: c.mergeCap,
    ignoreKeys: [...c.ignore],
    ignore: {},
    disabledEntityTypes: [...c.disabledEntityTypes],
    disabledKeyTypes: [...((c.disabledKeyTypes ?? []) as CorrelationSettings['disabledKeyTypes'])],
    weakLinks: {
      proximityMinutes: c.weakLinks.proximityMs / 60_000,
      estateLimit: c.weakLinks.estateLimit,
      estateLookbackDays: c.weakLinks.estateLookbackMs / 86_400_000,
    },
  };
}

/** What the engine works with, from the settings. */
export function engineConfig(s: CorrelationSettings): CorrelationConfig {
  return {
    windowMs: s.windowHours * 3600_000,
    prevalenceLimit: s.prevalenceLimit,
    mergeCap: s.mergeCap,
    ignore: s.ignoreKeys,
    disabledEntityTypes: s.disabledEntityTypes,
    disabledKeyTypes: s.disabledKeyTypes,
    ignoreByType: Object.fromEntries(Object.entries(s.ignore).map(([type, rule]) => [type, ignoreMatcher(type, rule!)])),
    weakLinks: {
      proximityMs: s.weakLinks.proximityMinutes * 60_000,
      estateLimit: s.weakLinks.estateLimit,
      estateLookbackMs: s.weakLinks.estateLookbackDays * 86_400_000,
    },
  };
}

/** Where the engine gets its settings from for each alert. */
export interface CorrelationPolicy {
  current(): Promise<CorrelationConfig>;
}

/** Settings fixed for the engine's lifetime (the evaluation corpus, the benchmark). */
export const fixedPolicy = (config: CorrelationConfig): CorrelationPolicy => ({ current: () => Promise.resolve(config) });

/**
 * The settings in force, read for every alert with a version check (a primary-key probe that returns
 * the settings only when they changed), so a change saved through the API takes effect on the next
 * alert, in every worker, without a restart; parsing and compiling happen once per version.
 */
export class StoredCorrelationPolicy implements CorrelationPolicy {
  private readonly repo: CorrelationSettingsRepository;
  private cached: { version: number; config: CorrelationConfig };

  constructor(
    db: DataSource,
    private readonly defaults: CorrelationConfig,
  ) {
    this.repo = new CorrelationSettingsRepository(db);
    this.cached = { version: 0, config: defaults };
  }

  async current(): Promise<CorrelationConfig> {
    const row = await this.repo.ifChanged(this.cached.version);
    if (!row) this.cached = { version: 0, config: this.defaults };
    else if (row.settings !== null)
      this.cached = { version: row.version, config: engineConfig(correlationSettingsSchema.parse(row.settings)) };
    return this.cached.config;
  }
}
