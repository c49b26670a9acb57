import { join } from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../infra/paths.js';
import { HISTORY_SHARDS, temporalPorts, type SqlEndpoint } from './cluster-definition.js';

/** The server's dynamic config, shared with docker-compose.yml (mounted there). */
export const TEMPORAL_DYNAMIC_CONFIG = join(projectRoot, 'deploy', 'temporal', 'dynamic-config.yaml');

export interface TemporalServerConfigInput {
  endpoint: SqlEndpoint;
  password: string;
  databases: { main: string; visibility: string };
  frontendPort: number;
  membershipPort: number;
}

function sqlStore(input: TemporalServerConfigInput, database: string, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${input.endpoint.host}:${input.endpoint.port}`,
      connectProtocol: 'tcp',
      user: input.endpoint.user,
      password: input.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  };
}

/** The server's static configuration: both stores on PostgreSQL, every service of the one process on loopback. */
export function temporalServerConfig(input: TemporalServerConfigInput): string {
  const ports = temporalPorts(input.frontendPort, input.membershipPort);
  const rpc = (p: { grpc: number; membership: number }, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort: p.grpc, membershipPort: p.membership, bindOnLocalHost: true, ...extra },
  });
  return stringify({
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: {
        'postgres-default': sqlStore(input, input.databases.main, 20),
        'postgres-visibility': sqlStore(input, input.databases.visibility, 5),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: rpc(ports.frontend, { httpPort: ports.frontend.http }),
      history: rpc(ports.history),
      matching: rpc(ports.matching),
      worker: rpc(ports.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${ports.frontend.grpc}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: TEMPORAL_DYNAMIC_CONFIG, pollInterval: '60s' },
  });
}
