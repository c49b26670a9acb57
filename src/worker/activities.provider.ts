import type { Provider } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createActivities } from '../../activities/index.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';

export type Activities = ReturnType<typeof createActivities>;
export const ACTIVITIES = Symbol('ACTIVITIES');

export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [DataSource, QUELL_CONFIG, Client, LOGGER],
  useFactory: (db: DataSource, config: QuellConfig, temporal: Client, log: Logger) =>
    createActivities({ db, config, temporal, log: log.child({ component: 'activity' }) }),
};
