import { addAssets, assetsOf, combineAssets, incidentName } from '../../src/incidents/incident-summary.js';
import type { Entity } from '../../src/domain/alert.js';

describe('incident naming', () => {
  it('names a one-alert incident after the alert and its asset', () => {
    const assets = addAssets(
      {},
      assetsOf([
        { type: 'device', hostname: 'WS-01' },
        { type: 'file', name: 'a.exe', sha256: 'a'.repeat(64) },
      ] as Entity[]),
    );
    expect(
      incidentName({
        alertCount: 1,
        firstTitle: 'Suspicious PowerShell command line',
        categories: ['Execution'],
        sources: ['endpoint'],
        assets,
      }),
    ).toBe("'Suspicious PowerShell command line' on WS-01");
  });

  it('names a multi-alert incident by its first two tactics in kill-chain order, scope and sources', () => {
    const a = addAssets({}, assetsOf([{ type: 'device', hostname: 'ws-1' }] as Entity[]));
    const b = addAssets(
      a,
      assetsOf([
        { type: 'device', hostname: 'ws-2' },
        { type: 'user', upn: 'u@x.com' },
      ] as Entity[]),
    );
    expect(
      incidentName({
        alertCount: 3,
        firstTitle: 'x',
        categories: ['LateralMovement', 'Execution', 'InitialAccess'],
        sources: ['endpoint', 'email'],
        assets: b,
      }),
    ).toBe('Multi-stage incident involving Initial access & Execution on multiple endpoints reported by multiple sources');
    expect(
      incidentName({ alertCount: 2, firstTitle: 'x', categories: ['Discovery', 'DefenseEvasion'], sources: ['endpoint'], assets: a }),
    ).toBe('Multi-stage incident involving Defense evasion & Discovery on one endpoint');
  });

  it('counts each asset once per alert and adds counts when incidents combine', () => {
    const one = addAssets(
      {},
      assetsOf([
        { type: 'user', upn: 'A@x.com' },
        { type: 'mailbox', address: 'a@x.com' },
      ] as Entity[]),
    );
    const two = addAssets(one, assetsOf([{ type: 'user', upn: 'a@x.com' }] as Entity[]));
    expect(two.users).toEqual([{ id: 'a@x.com', name: 'A@x.com', alertCount: 2 }]);
    const merged = combineAssets(two, one);
    expect(merged.users![0].alertCount).toBe(3);
    expect(merged.mailboxes![0].alertCount).toBe(2);
  });
});
