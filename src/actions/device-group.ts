import type { DataSource, EntityManager } from 'typeorm';
import type { Entity } from '../domain/alert.js';

type Device = Extract<Entity, { type: 'device' }>;

const hostOf = (d: Device) => d.hostname?.toLowerCase().split('.')[0] ?? '';

/** Devices' groups, in order: from the entity when the detector sent it, else from the connector's estate (one query for all). */
export async function deviceGroupsOf(m: EntityManager | DataSource, devices: Device[]): Promise<(string | undefined)[]> {
  const unknown = devices.filter((d) => !d.deviceGroup);
  const rows: { device_id: string; hostname: string; device_group: string | null }[] = unknown.length
    ? await m.query(`SELECT device_id, hostname, device_group FROM lab_devices WHERE device_id = ANY($1) OR hostname = ANY($2)`, [
        unknown.map((d) => d.deviceId ?? ''),
        unknown.map(hostOf),
      ])
    : [];
  return devices.map((d) => {
    if (d.deviceGroup) return d.deviceGroup;
    const row = rows.find((r) => (d.deviceId && r.device_id === d.deviceId) || r.hostname === hostOf(d));
    return row?.device_group ?? undefined;
  });
}

/** One device's group. */
export async function deviceGroupOf(m: EntityManager | DataSource, device: Device): Promise<string | undefined> {
  return (await deviceGroupsOf(m, [device]))[0];
}
