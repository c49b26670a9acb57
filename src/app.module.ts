import { resolve } from 'node:path';
import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ActionMetrics } from './actions/action-metrics.js';
import { ActionsController } from './actions/actions.controller.js';
import { AutomationShadowController } from './actions/automation-shadow.controller.js';
import { AutomationShadowService } from './actions/automation-shadow.service.js';
import { RollbackController } from './actions/rollback.controller.js';
import { ChatController } from './chat/chat.controller.js';
import { ChatService } from './chat/chat.service.js';
import { ChatNotifier } from './chat/chat-notifier.js';
import { ActionImpactService } from './actions/action-impact.service.js';
import { RollbackService } from './actions/rollback.service.js';
import { ActionsService } from './actions/actions.service.js';
import { AlertBacklog } from './alerts/alert-backlog.js';
import { AlertDispatcher } from './alerts/alert-dispatcher.js';
import { AlertIngestion } from './alerts/alert-ingestion.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { AlertsRepository } from './alerts/alerts.repository.js';
import { AlertsService } from './alerts/alerts.service.js';
import { IngestRateLimit } from './alerts/ingest-rate-limit.js';
import { WritebackDispatcher, WritebackRelay } from './alerts/writeback/writeback-dispatcher.js';
import { WritebackRegistry } from './alerts/writeback/writeback.registry.js';
import { WritebackStore } from './alerts/writeback/writeback.store.js';
import { AuditController } from './audit/audit.controller.js';
import { AuditStore } from './audit/audit.store.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { ApiKeyRepository } from './auth/api-key.repository.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { OidcService } from './people/oidc.service.js';
import { PersonRepository } from './people/person.repository.js';
import { SessionRepository } from './people/session.repository.js';
import { SignInController } from './people/sign-in.controller.js';
import { PeopleController } from './people/people.controller.js';
import { PeopleService } from './people/people.service.js';
import { SessionSweep } from './people/session-sweep.js';
import { AccessService } from './auth/access.service.js';
import { KeysController } from './auth/keys.controller.js';
import { MeController } from './auth/me.controller.js';
import { AuditStreamMetrics } from './audit/audit-stream.metrics.js';
import { AuditStreamRelay } from './audit/audit-stream.relay.js';
import { AuditStreamRepository } from './audit/audit-stream.repository.js';
import { RoleAssignmentRepository } from './auth/role-assignment.repository.js';
import { RoleAssignmentsController } from './auth/role-assignments.controller.js';
import { ScopeRepository } from './auth/scope.repository.js';
import { QUELL_CONFIG, type QuellConfig } from './config/config.js';
import { CorrelationController } from './correlation/correlation.controller.js';
import { CorrelationFeedbackService } from './correlation/correlation-feedback.service.js';
import { CorrelationSettingsService } from './correlation/correlation-settings.service.js';
import { dataSourceOptions } from './db/data-source.js';
import { HealthController } from './health/health.controller.js';
import { DeclaredQueryInterceptor } from './http/declared-query.interceptor.js';
import { CatalogService } from './catalog/catalog.service.js';
import { ConnectorsController } from './connectors/connectors.controller.js';
import type { Connector } from './connectors/connector.js';
import { CONNECTORS, connectorsProvider } from './connectors/connectors.provider.js';
import { IncidentQueueRepository } from './incidents/incident-queue.repository.js';
import { IncidentWriter } from './incidents/incident.writer.js';
import { IncidentsController } from './incidents/incidents.controller.js';
import { IncidentsRepository } from './incidents/incidents.repository.js';
import { IncidentsService } from './incidents/incidents.service.js';
import { SocController } from './incidents/soc.controller.js';
import { SocMetricsRepository } from './incidents/soc-metrics.repository.js';
import { LOGGER } from './infra/logger.provider.js';
import { Tracing, TRACING } from './infra/tracing.js';
import { projectRoot } from './infra/paths.js';
import { InvestigationsController } from './investigations/investigations.controller.js';
import { InvestigationsService } from './investigations/investigations.service.js';
import { PlaybookRegistry } from './playbooks/playbook.registry.js';
import { PlaybookVersionsController } from './playbooks/playbook-versions.controller.js';
import { PlaybookVersionsService } from './playbooks/playbook-versions.service.js';
import { PlaybooksController } from './playbooks/playbooks.controller.js';
import { BACKENDS, type BackendAddresses } from './infra/tokens.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { activitiesProvider } from './worker/activities.provider.js';
import { WebhookRelay } from './webhooks/webhook-relay.js';
import { WebhookStore } from './webhooks/webhook.store.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { IndicatorsController } from './indicators/indicators.controller.js';
import { IndicatorsRepository } from './indicators/indicators.repository.js';
import { LabController } from './lab/lab.controller.js';
import { LabRepository } from './lab/lab.repository.js';
import { WorkerService } from './worker/worker.service.js';
import { PullSourceRepository } from './sources/pull-source.repository.js';
import { SourceMetrics } from './sources/source-metrics.js';
import { SourceRepository } from './sources/source.repository.js';
import { SourceScheduler } from './sources/source-scheduler.js';
import { SourcesController } from './sources/sources.controller.js';
import { SourcesService } from './sources/sources.service.js';

export interface AppModuleOptions {
  config: QuellConfig;
  backends: BackendAddresses;
  log: Logger;
  /** Started from `config.tracing` when not given. */
  tracing?: Tracing;
}

/** Flushes the spans still buffered and unregisters the tracer provider when the application stops. */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}
  onApplicationShutdown(): Promise<void> {
    return this.tracing.shutdown();
  }
}

@Global()
@Module({})
class CoreModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    const providers = [
      { provide: QUELL_CONFIG, useValue: opts.config },
      { provide: BACKENDS, useValue: opts.backends },
      { provide: LOGGER, useValue: opts.log },
      { provide: TRACING, useValue: opts.tracing ?? Tracing.off() },
    ];
    return { module: CoreModule, providers: [...providers, TracingShutdown], exports: providers.map((p) => p.provide) };
  }
}

/**
 * The whole application. The role decides what it hosts: `api` serves HTTP and holds only a
 * Temporal client; `worker` runs the Temporal worker and serves no HTTP; `all` does both.
 */
@Module({})
export class AppModule {
  static forRoot(opts: AppModuleOptions): DynamicModule {
    const role = opts.config.role;
    const api = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(opts),
        TypeOrmModule.forRoot(dataSourceOptions(opts.backends.databaseUrl, opts.config.database.poolSize)),
        TemporalModule,
      ],
      controllers: api
        ? [
            HealthController,
            KeysController,
            MeController,
            RoleAssignmentsController,
            SignInController,
            PeopleController,
            AlertsController,
            IncidentsController,
            SocController,
            InvestigationsController,
            ActionsController,
            AutomationShadowController,
            RollbackController,
            ChatController,
            PlaybooksController,
            PlaybookVersionsController,
            WebhooksController,
            ConnectorsController,
            LabController,
            IndicatorsController,
            SourcesController,
            AuditController,
            CorrelationController,
          ]
        : [],
      providers: [
        AuditStore,
        AuditStreamRepository,
        AuditStreamMetrics,
        ApiKeyRepository,
        RoleAssignmentRepository,
        ScopeRepository,
        ApiKeysService,
        PersonRepository,
        SessionRepository,
        OidcService,
        PeopleService,
        AccessService,
        AlertsRepository,
        AlertBacklog,
        AlertIngestion,
        WritebackStore,
        WritebackDispatcher,
        {
          provide: WritebackRegistry,
          inject: [QUELL_CONFIG, LOGGER],
          useFactory: (config: QuellConfig, log: Logger) => WritebackRegistry.fromConfig(config, log),
        },
        IngestRateLimit,
        AlertsService,
        IncidentsRepository,
        IncidentWriter,
        LabRepository,
        IndicatorsRepository,
        IncidentQueueRepository,
        IncidentsService,
        SocMetricsRepository,
        ActionsService,
        AutomationShadowService,
        ActionImpactService,
        ChatService,
        {
          provide: ChatNotifier,
          inject: [DataSource, QUELL_CONFIG, LOGGER],
          useFactory: (db: DataSource, config: QuellConfig, log: Logger) => new ChatNotifier(db, config, log),
        },
        CorrelationSettingsService,
        CorrelationFeedbackService,
        RollbackService,
        PlaybookVersionsService,
        ActionMetrics,
        InvestigationsService,
        WebhookStore,
        SourceRepository,
        PullSourceRepository,
        SourcesService,
        SourceMetrics,
        connectorsProvider,
        {
          provide: CatalogService,
          inject: [DataSource, CONNECTORS, QUELL_CONFIG],
          useFactory: (db: DataSource, connectors: Record<string, Connector>, config: QuellConfig) =>
            new CatalogService(db, connectors, config.catalogRoutes),
        },
        {
          provide: PlaybookRegistry,
          inject: [QUELL_CONFIG, LOGGER],
          useFactory: (config: QuellConfig, log: Logger) => {
            const registry = new PlaybookRegistry(resolve(projectRoot, config.playbooksDir), log.child({ component: 'playbooks' }));
            registry.load();
            return registry;
          },
        },
        ...(api
          ? [
              { provide: APP_GUARD, useClass: ApiKeyGuard },
              { provide: APP_INTERCEPTOR, useClass: DeclaredQueryInterceptor },
            ]
          : []),
        ...(worker
          ? [activitiesProvider, WorkerService, AlertDispatcher, WritebackRelay, WebhookRelay, SourceScheduler, SessionSweep]
          : []),
        ...(worker && opts.config.auditStream ? [AuditStreamRelay] : []),
      ],
    };
  }
}
