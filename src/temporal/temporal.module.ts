import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { BACKENDS, type BackendAddresses } from '../infra/tokens.js';
import { TRACING, type Tracing } from '../infra/tracing.js';
import { temporalConnectionOptions } from './connection.js';

/** Closes the client connection when the application stops. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** The API side of Temporal: a connection and a client, built as a chain of factory providers. */
@Global()
@Module({
  providers: [
    {
      provide: Connection,
      inject: [QUELL_CONFIG, BACKENDS],
      useFactory: (config: QuellConfig, backends: BackendAddresses) =>
        Connection.connect(temporalConnectionOptions(config, backends.temporalAddress)),
    },
    {
      provide: Client,
      inject: [QUELL_CONFIG, Connection, TRACING],
      // With tracing on, every workflow start, signal and update carries the active trace in its headers.
      useFactory: (config: QuellConfig, connection: Connection, tracing: Tracing) =>
        new Client({
          connection,
          namespace: config.temporal.namespace,
          interceptors: tracing.enabled ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined,
        }),
    },
    TemporalConnectionCloser,
  ],
  exports: [Connection, Client],
})
export class TemporalModule {}
