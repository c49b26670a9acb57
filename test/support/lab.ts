import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A device in the lab estate (the simulated outside world the lab connector acts on). */
export async function addLabDevice(db: DataSource, opts: { host?: string; group?: string } = {}): Promise<string> {
  const host = opts.host ?? `ws-${randomBytes(3).toString('hex')}`;
  await db.query(
    `INSERT INTO lab_devices (device_id, hostname, os, device_group, risk, isolated, app_restricted, logged_on_users, ips, last_seen_at)
     VALUES ($1, $2, 'Windows 11', $3, 'low', false, false, '{}', '{}', now())`,
    [`dev-${host}`, host, opts.group ?? 'Default'],
  );
  return host;
}

export async function addIndicator(db: DataSource, sha256: string, verdict: 'malicious' | 'suspicious' | 'clean'): Promise<void> {
  await db.query(`INSERT INTO indicators (type, value, verdict, source) VALUES ('sha256', $1, $2, 'test-ti')`, [sha256, verdict]);
}
