import type { DataSource, EntityManager } from 'typeorm';
import type { Entity } from '../domain/alert.js';

/** A device's group: from the entity when the detector sent it, else from the connector's estate. */
export async function deviceGroupOf(m: EntityManager | DataSource, device: Extract<Entity, { type: 'device' }>): Promise<string | undefined> {
  if (device.deviceGroup) return device.deviceGroup;
  const rows: { device_group: string | null }[] = await m.query(`SELECT device_group FROM lab_devices WHERE device_id = $1 OR hostname = $2 LIMIT 1`, [
    device.deviceId ?? '',
    device.hostname?.toLowerCase().split('.')[0] ?? '',
  ]);
  return rows[0]?.device_group ?? undefined;
}
