import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AutomationRepository } from '../actions/automation.repository.js';
import { RequireRole } from '../auth/roles.js';
import { ACTION_FAMILIES } from '../domain/actions.js';
import { type Connector, type ConnectorHealth, DEFAULT_CONNECTOR } from './connector.js';
import { CONNECTORS } from './connectors.provider.js';

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

/** The connectors this Quell has: what each carries out, which action families go to it, and a live health check. */
@ApiTags('connectors')
@ApiBearerAuth()
@Controller('api/v1/connectors')
export class ConnectorsController {
  constructor(
    @Inject(CONNECTORS) private readonly connectors: Record<string, Connector>,
    private readonly db: DataSource,
  ) {}

  @Get()
  @RequireRole('reader')
  @ApiOperation({ summary: 'Configured connectors with their actions, the action families routed to them, and a live health check' })
  async list() {
    const { connectors: routing } = await new AutomationRepository(this.db).get();
    const items = await Promise.all(
      Object.values(this.connectors).map(async (c) => ({
        name: c.name,
        actions: [...c.actions].sort(),
        families: ACTION_FAMILIES.filter((f) => (routing[f] ?? DEFAULT_CONNECTOR) === c.name),
        health: await healthOf(c),
      })),
    );
    const unknown = ACTION_FAMILIES.filter((f) => !this.connectors[routing[f] ?? DEFAULT_CONNECTOR]);
    return { items, unroutedFamilies: unknown };
  }
}
