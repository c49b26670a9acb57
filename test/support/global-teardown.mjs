export default async function globalTeardown() {
  for (const stop of (globalThis.__quellStops ?? []).reverse()) await stop().catch(() => undefined);
}
