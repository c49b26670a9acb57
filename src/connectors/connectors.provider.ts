import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';
import { LabConnector } from '../lab/lab-connector.js';
import type { Connector } from './connector.js';
import { HttpConnector, loadHttpConnectorConfig } from './http-connector.js';
import { PgConnectorLedger } from './connector-ledger.js';
import { EntraConnector } from './entra-connector.js';
import { ExchangeConnector } from './exchange-connector.js';
import { FalconConnector } from './falcon-connector.js';
import { MdeConnector } from './mde-connector.js';
import { OktaConnector } from './okta-connector.js';

/** Connectors by name; automation settings pick one per action family (default `lab`). */
export const CONNECTORS = Symbol('CONNECTORS');

/** Every configured connector by name (the CLI's dry run builds the same set). */
export function buildConnectors(db: DataSource, config: QuellConfig, log: Logger): Record<string, Connector> {
  const connectors: Connector[] = [new LabConnector(db), new HttpConnector(loadHttpConnectorConfig(config.httpConnectorConfig))];
  if (config.mde) connectors.push(new MdeConnector(config.mde, log.child({ connector: 'mde' })));
  if (config.entra) connectors.push(new EntraConnector(config.entra, new PgConnectorLedger(db), log.child({ connector: 'entra' })));
  if (config.exchange)
    connectors.push(new ExchangeConnector(config.exchange, new PgConnectorLedger(db), log.child({ connector: 'exchange' })));
  if (config.falcon) connectors.push(new FalconConnector(config.falcon, log.child({ connector: 'crowdstrike' })));
  if (config.okta) connectors.push(new OktaConnector(config.okta, new PgConnectorLedger(db), log.child({ connector: 'okta' })));
  return Object.fromEntries(connectors.map((c) => [c.name, c]));
}

export const connectorsProvider: Provider = {
  provide: CONNECTORS,
  inject: [DataSource, QUELL_CONFIG, LOGGER],
  useFactory: buildConnectors,
};
