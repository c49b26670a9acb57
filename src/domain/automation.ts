import { z } from 'zod';
import { ACTION_FAMILIES, ACTION_TYPES, ACTIONS, type ActionSpec, type ActionType } from './actions.js';
import type { Entity } from './alert.js';

export const AUTOMATION_LEVELS = ['full', 'semi_all', 'semi_core_folders', 'semi_non_temp_folders', 'none'] as const;
export type AutomationLevel = (typeof AUTOMATION_LEVELS)[number];

const actionType = z.enum(ACTION_TYPES as [ActionType, ...ActionType[]]);

/** Automation settings (GET/PUT /api/v1/automation). Defaults follow Defender's: full automation, e-mail and identity wait. */
export const automationSettingsSchema = z.strictObject({
  defaultLevel: z.enum(AUTOMATION_LEVELS).default('full'),
  deviceGroups: z.record(z.string().min(1).max(128), z.enum(AUTOMATION_LEVELS)).default({}),
  families: z
    .partialRecord(z.enum(ACTION_FAMILIES), z.enum(['automatic', 'approval']))
    .default({ email: 'approval', identity: 'approval' }),
  coreFolders: z.array(z.string().min(1).max(512)).max(100).default(['C:\\Windows\\', 'C:\\Program Files\\', 'C:\\Program Files (x86)\\']),
  tempFolders: z
    .array(z.string().min(1).max(512))
    .max(100)
    .default(['C:\\Windows\\Temp\\', 'C:\\Users\\*\\AppData\\Local\\Temp\\', 'C:\\Temp\\', '/tmp/']),
  bulkDeviceThreshold: z.number().int().min(2).max(100_000).default(10),
  approvalRules: z
    .partialRecord(actionType, z.strictObject({ approvers: z.number().int().min(1).max(5) }))
    .default({ disable_user: { approvers: 2 } }),
  allowSelfApproval: z.boolean().default(false),
  pendingExpirySeconds: z
    .number()
    .int()
    .min(1)
    .max(90 * 86_400)
    .default(7 * 86_400),
  /** Which connector carries out what: an action type's own route wins over its family's; unrouted goes to the lab. */
  connectors: z.partialRecord(z.enum([...ACTION_FAMILIES, ...ACTION_TYPES]), z.string().min(1).max(64)).default({}),
});
export type AutomationSettings = z.output<typeof automationSettingsSchema>;
export const DEFAULT_AUTOMATION: AutomationSettings = automationSettingsSchema.parse({});

/** Actions go to the lab connector unless the automation settings route their type or family elsewhere. */
export const DEFAULT_CONNECTOR = 'lab';

/** The connector that carries out an action type: its own route, else its family's, else the lab. */
export function connectorFor(settings: Pick<AutomationSettings, 'connectors'>, type: ActionType): string {
  const spec: ActionSpec = ACTIONS[type];
  return settings.connectors[type] ?? settings.connectors[spec.family] ?? DEFAULT_CONNECTOR;
}

export interface PolicyInput {
  type: ActionType;
  verdict: string;
  /** The device group of the target (or of the device the file is on), when known. */
  deviceGroup?: string;
  /** For file actions: where the file is. */
  filePath?: string;
  /** How many devices the action touches at once. */
  deviceCount: number;
  manual: boolean;
}

/** What the policy decides for a proposed action: run at once, or wait for approval. */
export const POLICY_MODES = ['automatic', 'approval'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

export interface PolicyDecision {
  mode: PolicyMode;
  reason: string;
  requiredApprovals: number;
}

/** `*` in a configured folder matches one path segment (e.g. a user name). */
function underFolder(path: string, folders: string[]): boolean {
  const p = path.replace(/\//g, '\\').toLowerCase();
  return folders.some((f) => {
    const pattern = f
      .replace(/\//g, '\\')
      .toLowerCase()
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^\\\\]+');
    return new RegExp(`^${pattern}`).test(p);
  });
}

export function levelFor(settings: AutomationSettings, deviceGroup?: string): { level: AutomationLevel; source: string } {
  const level = deviceGroup ? settings.deviceGroups[deviceGroup] : undefined;
  return level ? { level, source: `device group ${deviceGroup}` } : { level: settings.defaultLevel, source: 'the default level' };
}

/** Whether an action runs at once or waits for a person, and why — the reason is stored with the action. */
export function decide(settings: AutomationSettings, input: PolicyInput): PolicyDecision {
  const spec: ActionSpec = ACTIONS[input.type];
  const requiredApprovals = settings.approvalRules[input.type]?.approvers ?? 1;
  const wait = (reason: string): PolicyDecision => ({ mode: 'approval', reason: `waiting: ${reason}`, requiredApprovals });
  const run = (reason: string): PolicyDecision => ({ mode: 'automatic', reason: `automatic: ${reason}`, requiredApprovals });

  if (input.deviceCount >= settings.bulkDeviceThreshold)
    return wait(`touches ${input.deviceCount} devices (${settings.bulkDeviceThreshold} or more always wait)`);
  const family = settings.families[spec.family];
  if (family === 'approval') return wait(`${spec.family} actions need approval`);
  if (spec.family === 'email' || spec.family === 'identity') {
    return family === 'automatic' ? run(`${spec.family} actions are set to automatic`) : wait(`${spec.family} actions need approval`);
  }
  const { level, source } = levelFor(settings, input.deviceGroup);
  const named = `${source} is ${level}`;
  if (level === 'none' || level === 'semi_all') return wait(named);
  if (spec.family === 'file' && input.filePath) {
    if (level === 'semi_core_folders' && underFolder(input.filePath, settings.coreFolders))
      return wait(`${named} and ${input.filePath} is in a core folder`);
    if (level === 'semi_non_temp_folders' && !underFolder(input.filePath, settings.tempFolders))
      return wait(`${named} and ${input.filePath} is outside temporary folders`);
  }
  if (input.manual) return run(`requested by an analyst; ${named}`);
  if (input.verdict === 'malicious') return run(`malicious verdict; ${named}`);
  return wait(`${input.verdict} verdict needs approval (${named})`);
}

/** Where an entity says it is: its device group and, for files, its path. */
export function placeOf(target: Entity): { deviceGroup?: string; filePath?: string } {
  if (target.type === 'device') return { deviceGroup: target.deviceGroup };
  if (target.type === 'file')
    return {
      filePath: target.path
        ? target.name && !target.path.toLowerCase().endsWith(target.name.toLowerCase())
          ? `${target.path.replace(/[\\/]?$/, '\\')}${target.name}`
          : target.path
        : undefined,
    };
  return {};
}
