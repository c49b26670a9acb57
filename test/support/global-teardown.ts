export default async function globalTeardown(): Promise<void> {
  const stops = (globalThis as { __quellStops?: (() => Promise<void>)[] }).__quellStops ?? [];
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}
