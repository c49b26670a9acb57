/** A realistic mix: ~30 % of alerts name a user or device that an earlier alert named. `run` keeps the runs of the benchmark apart. */
export function makeBenchAlert(run: string, i: number): Record<string, unknown> {
  const shared = i > 10 && Math.random() < 0.3;
  const peer = shared ? Math.floor(Math.random() * i) : i;
  return {
    externalId: `bench-${run}-${i}`,
    source: ['endpoint', 'identity', 'email'][i % 3],
    title: `Bench alert ${i}`,
    severity: ['low', 'medium', 'high'][i % 3],
    category: ['Execution', 'CredentialAccess', 'InitialAccess'][i % 3],
    entities: [
      { type: 'device', hostname: `bench-${run}-host-${peer}` },
      { type: 'user', upn: `user-${run}-${shared ? peer : i}@bench.example` },
      { type: 'ip', address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    ],
  };
}

/**
 * A detector misfiring on one host: every alert names the same device and account, so the storm
 * fills one incident after another up to the cap (the hot-row case, where a spread storm opens many).
 */
export function makeHotAlert(run: string, i: number): Record<string, unknown> {
  return {
    ...makeBenchAlert(run, i),
    entities: [
      { type: 'device', hostname: `bench-${run}-hot-host` },
      { type: 'user', upn: `hot-${run}@bench.example` },
    ],
  };
}
