import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AutomationRepository } from '../actions/automation.repository.js';
import { RequireRole } from '../auth/roles.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ACTION_FAMILIES, PROPOSABLE_ACTIONS } from '../domain/actions.js';
import { connectorFor, DEFAULT_CONNECTOR } from '../domain/automation.js';
import { CATALOG_FUNCTIONS } from '../domain/catalog.js';
import type { Connector, ConnectorHealth } from './connector.js';
import { CONNECTORS } from './connectors.provider.js';
import { Responds } from '../http/openapi.js';
import { type ConnectorList, connectorListSchema } from './connector.dto.js';

const HEALTH_TIMEOUT_MS = 10_000;

async function healthOf(connector: Connector): Promise<ConnectorHealth> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<ConnectorHealth>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${HEALTH_TIMEOUT_MS / 1000} s` }), HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([connector.health().catch((err: Error) => ({ ok: false, detail: err.message })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The connectors this Quell has: what each carries out and answers, what is routed to it, and a live health check. */
@ApiTags('connectors')
@ApiBearerAuth()
@Controller('api/v1/connectors')
export class ConnectorsController {
  constructor(
    @Inject(CONNECTORS) private readonly connectors: Record<string, Connector>,
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  @Get()
  @RequireRole('reader')
  @Responds({ ok: { 200: connectorListSchema } })
  @ApiOperation({
    operationId: 'listConnectors',
    summary:
      'Configured connectors: the actions each carries out, the action families, action types and catalog functions routed to it, a live health check, and routes nobody can serve',
  })
  async list(): Promise<ConnectorList> {
    const settings = await new AutomationRepository(this.db).get();
    const routed = PROPOSABLE_ACTIONS.map((type) => ({ type, connector: connectorFor(settings, type) }));
    const items = await Promise.all(
      Object.values(this.connectors).map(async (c) => ({
        name: c.name,
        actions: [...c.actions].sort(),
        families: ACTION_FAMILIES.filter((f) => (settings.connectors[f] ?? DEFAULT_CONNECTOR) === c.name),
        types: routed.filter((r) => r.connector === c.name).map((r) => r.type),
        facts: CATALOG_FUNCTIONS.filter((f) => this.catalog.routeOf(f) === c.name),
        health: await healthOf(c),
      })),
    );
    return {
      items,
      unroutedFamilies: ACTION_FAMILIES.filter((f) => !this.connectors[settings.connectors[f] ?? DEFAULT_CONNECTOR]),
      // Action types whose route ends at a connector that is missing or does not carry them out: they would fail.
      unsupportedTypes: routed.filter((r) => !this.connectors[r.connector]?.actions.includes(r.type)),
    };
  }
}
