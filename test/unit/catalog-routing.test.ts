import type { DataSource } from 'typeorm';
import { CatalogInputError, CatalogService } from '../../src/catalog/catalog.service.js';
import type { Connector } from '../../src/connectors/connector.js';

/** Routing only: the functions asked here never reach the database. */
const db = {} as DataSource;

describe('catalog routing', () => {
  const edr: Pick<Connector, 'facts'> = {
    facts: { 'device.info': async (a) => ({ found: true, hostname: a.device, source: 'edr' }) },
  };
  const sut = () =>
    new CatalogService(db, { lab: { facts: {} }, edr }, { 'device.info': 'edr', 'user.info': 'okta', 'user.signins': 'edr' });

  it('asks the connector the routes name, with validated arguments', async () => {
    await expect(sut().run('device.info', { device: 'ws-01' })).resolves.toEqual({ found: true, hostname: 'ws-01', source: 'edr' });
    await expect(sut().run('device.info', { device: '' })).rejects.toBeInstanceOf(CatalogInputError);
  });

  it('answers { available: false, reason } when the connector is not configured or does not answer the function', async () => {
    await expect(sut().run('user.info', { user: 'bob@contoso.com' })).resolves.toEqual({
      available: false,
      reason: "user.info is routed to connector 'okta', which is not configured",
    });
    await expect(sut().run('user.signins', { user: 'bob@contoso.com' })).resolves.toEqual({
      available: false,
      reason: "user.signins is routed to 'edr', which does not answer it",
    });
    await expect(sut().run('email.similar', { sender: 'x@evil.example' })).resolves.toEqual({
      available: false,
      reason: "email.similar is routed to 'lab', which does not answer it",
    });
  });

  it("keeps Quell's own answers by default and lets a route take them away", async () => {
    const commandLine = 'powershell -enc SQBFAFgA';
    await expect(sut().run('process.details', { commandLine })).resolves.toMatchObject({ encoded: true });
    const routed = new CatalogService(db, { edr }, { 'process.details': 'edr' });
    await expect(routed.run('process.details', { commandLine })).resolves.toMatchObject({ available: false });
    expect(routed.routeOf('file.reputation')).toBe('quell');
    expect(routed.routeOf('device.info')).toBe('lab');
  });
});
