import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LabConnector } from '../lab/lab-connector.js';
import type { Connector } from './connector.js';
import { HttpConnector, loadHttpConnectorConfig } from './http-connector.js';

/** Connectors by name; automation settings pick one per action family (default `lab`). */
export const CONNECTORS = Symbol('CONNECTORS');

export const connectorsProvider: Provider = {
  provide: CONNECTORS,
  inject: [DataSource, QUELL_CONFIG],
  useFactory: (db: DataSource, config: QuellConfig): Record<string, Connector> => {
    const connectors: Connector[] = [new LabConnector(db), new HttpConnector(loadHttpConnectorConfig(config.httpConnectorConfig))];
    return Object.fromEntries(connectors.map((c) => [c.name, c]));
  },
};
