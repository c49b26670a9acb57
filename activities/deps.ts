import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { QuellConfig } from '../src/config/config.js';

/** What activities may touch: the database, the configuration, a Temporal client, a logger. */
export interface ActivityDeps {
  db: DataSource;
  config: QuellConfig;
  temporal: Client;
  log: Logger;
}
