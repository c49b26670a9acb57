import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AlertsService } from '../src/alerts/alerts.service.js';
import type { CatalogService } from '../src/catalog/catalog.service.js';
import type { QuellConfig } from '../src/config/config.js';
import type { Connector } from '../src/connectors/connector.js';
import type { PlaybookRegistry } from '../src/playbooks/playbook.registry.js';
import type { WritebackRegistry } from '../src/alerts/writeback/writeback.registry.js';

/** What activities may touch: the database, the configuration, Temporal, playbooks, the catalog, connectors, vendor writers and alert ingestion. */
export interface ActivityDeps {
  db: DataSource;
  config: QuellConfig;
  temporal: Client;
  log: Logger;
  playbooks: PlaybookRegistry;
  catalog: CatalogService;
  connectors: Record<string, Connector>;
  /** The vendor writers analysts' changes go back through (write-back is opt-in). */
  writeback: WritebackRegistry;
  /** The ingestion behind `POST /alerts`, which pull sources feed too. */
  alerts: Pick<AlertsService, 'ingest'>;
}
