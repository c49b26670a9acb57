import { readFileSync } from 'node:fs';
import type { QuellConfig } from '../config/config.js';

/** Connection options shared by the client (API) and the native connection (worker). */
export function temporalConnectionOptions(config: QuellConfig, address: string) {
  const t = config.temporal;
  const tls = t.tls
    ? t.tlsCertPath && t.tlsKeyPath
      ? { clientCertPair: { crt: readFileSync(t.tlsCertPath), key: readFileSync(t.tlsKeyPath) } }
      : true
    : undefined;
  return { address, tls, apiKey: t.apiKey };
}
