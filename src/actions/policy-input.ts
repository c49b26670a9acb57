import type { DataSource, EntityManager } from 'typeorm';
import type { ActionType } from '../domain/actions.js';
import type { Entity } from '../domain/alert.js';
import { placeOf, type PolicyInput } from '../domain/automation.js';
import { deviceGroupOf } from './device-group.js';

export interface PolicySubject {
  type: ActionType;
  target: Entity;
  verdict?: string;
  params?: Record<string, unknown>;
  manual: boolean;
}

/**
 * What the automation policy decides on for a proposed action. A real proposal and a dry run both
 * build it here, so a dry run's "runs at once" or "waits" is the answer the real run will give:
 * a device's group comes from the entity, else from the estate's record of the device.
 */
export async function policyInputFor(m: EntityManager | DataSource, subject: PolicySubject): Promise<PolicyInput> {
  return {
    type: subject.type,
    verdict: subject.verdict ?? 'suspicious',
    deviceGroup: subject.target.type === 'device' ? await deviceGroupOf(m, subject.target) : undefined,
    filePath: placeOf(subject.target).filePath,
    deviceCount: Number(subject.params?.deviceCount ?? 1),
    manual: subject.manual,
  };
}
