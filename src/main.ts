import 'reflect-metadata';
import { main } from './bootstrap.js';

main().catch((err: unknown) => {
  process.stderr.write(`Quell failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
