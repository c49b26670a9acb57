import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/db/data-source.js';
import { Lab1764400000000 } from '../../src/db/migrations/1764400000000-Lab.js';
import { runMigrations } from '../../src/db/data-source.js';
import { createTestDatabase } from '../support/harness.js';
it('down then up', async () => {
  const db = await createTestDatabase();
  await runMigrations(db.url);
  const ds = new DataSource(dataSourceOptions(db.url, 1));
  await ds.initialize();
  const qr = ds.createQueryRunner();
  await new Lab1764400000000().down(qr);
  expect(await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name LIKE 'lab_%' OR table_name = 'indicators'`)).toEqual([{ n: 0 }]);
  await new Lab1764400000000().up(qr);
  await qr.release();
  await ds.destroy();
  await db.drop();
});
