import type { Provider } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { createActivities } from '../../activities/index.js';
import { AlertsService } from '../alerts/alerts.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { CONNECTORS } from '../connectors/connectors.provider.js';
import type { Connector } from '../connectors/connector.js';
import { LOGGER } from '../infra/logger.provider.js';
import { PlaybookRegistry } from '../playbooks/playbook.registry.js';
import { WritebackRegistry } from '../alerts/writeback/writeback.registry.js';

export type Activities = ReturnType<typeof createActivities>;
export const ACTIVITIES = Symbol('ACTIVITIES');

export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [DataSource, QUELL_CONFIG, Client, LOGGER, PlaybookRegistry, CatalogService, CONNECTORS, WritebackRegistry, AlertsService],
  useFactory: (
    db: DataSource,
    config: QuellConfig,
    temporal: Client,
    log: Logger,
    playbooks: PlaybookRegistry,
    catalog: CatalogService,
    connectors: Record<string, Connector>,
    writeback: WritebackRegistry,
    alerts: AlertsService,
  ) =>
    createActivities({
      db,
      config,
      temporal,
      log: log.child({ component: 'activity' }),
      playbooks,
      catalog,
      connectors,
      writeback,
      alerts,
    }),
};
