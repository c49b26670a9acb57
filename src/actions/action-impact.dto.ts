import { z } from 'zod';
import { ACTION_STATUSES, VERDICTS } from '../domain/actions.js';
import { FINAL_INVESTIGATION_STATES } from '../domain/investigation.js';
import { component } from '../http/api-schemas.js';

/** Instants as ISO text: the snapshot is stored as JSON and answered as it was. */
const instant = z.iso.datetime({ offset: true });

/** What approving an action would do, as shown beside a pending action (GET /api/v1/actions/{id}/impact). */

const fact = z.object({
  step: z.string().describe('The playbook step (or `lookup` for a look-up made for this view)'),
  fn: z.string().describe('The catalog function it called'),
  args: z.unknown(),
  output: z.unknown().describe('What it answered (long answers summarised)'),
});

const reasonSchema = z.object({
  reason: z.string(),
  verdict: z.enum(VERDICTS),
  playbook: z.string().optional(),
  step: z.string().optional(),
  detector: z.string().optional(),
});

const branch = z.object({
  actionStatus: z.enum(ACTION_STATUSES).describe('What this action becomes'),
  investigationEnds: z
    .enum(FINAL_INVESTIGATION_STATES)
    .nullable()
    .describe('The state its investigation would end in (null: no investigation)'),
  incidentResolvedByAutomation: z.boolean(),
  then: z.array(z.string()).describe('What follows, in order'),
});

export const actionImpactSchema = component(
  'ActionImpact',
  z.object({
    computedAt: instant,
    evidence: z
      .object({
        source: z.enum(['automated', 'manual']),
        requestedBy: z.string(),
        reason: z.string(),
        alert: z.object({ id: z.uuid(), title: z.string(), severity: z.string(), source: z.string(), firstActivityAt: instant }).nullable(),
        playbook: z.object({ name: z.string(), version: z.string().nullable(), hash: z.string().nullable(), step: z.string() }).nullable(),
        verdict: z.object({ verdict: z.enum(VERDICTS), reasons: z.array(reasonSchema) }).nullable(),
        facts: z.array(fact),
        factsFrom: z
          .enum(['recorded_run', 'simulation', 'none'])
          .describe('Where the facts come from: the run as recorded, or its dry run'),
      })
      .describe('The chain that led to the action: alert → playbook step → verdict, with the facts used'),
    target: z.object({
      key: z.string(),
      type: z.string(),
      label: z.string(),
      role: z.enum(['server', 'workstation', 'unknown']).nullable().describe('Devices: whether it serves others'),
      privileged: z.boolean().nullable().describe('Accounts: an admin or privileged account'),
      os: z.string().nullable(),
      deviceGroup: z.string().nullable(),
      groups: z.array(z.string()),
      users: z.array(z.string()).describe('Accounts signed in to the device or seen with the target'),
      devices: z.array(z.string()).describe('Devices the target was seen on'),
      mailboxes: z.array(z.string()),
      alertsNaming: z.number().int().nonnegative().describe('Stored alerts of the last 30 days that name the target'),
      otherOpenIncidents: z.array(z.number().int().positive()).describe('Other open incidents that the target appears in'),
      lookups: z.array(z.object({ fn: z.string(), source: z.string(), available: z.boolean(), detail: z.string().optional() })),
    }),
    collateral: z
      .array(z.object({ kind: z.enum(['user', 'device', 'mailbox', 'message', 'file', 'network']), what: z.string(), effect: z.string() }))
      .describe('What else the action contains or touches'),
    reversal: z.object({
      reversible: z.boolean(),
      inverse: z.string().nullable(),
      inverseTitle: z.string().nullable(),
      how: z.string(),
      containmentSeconds: z.number().int().positive().nullable(),
    }),
    prediction: z
      .object({
        playbook: z.string(),
        hash: z.string(),
        basis: z.string().describe('How the prediction was made'),
        nextSteps: z.array(z.object({ path: z.string(), kind: z.string(), status: z.string(), detail: z.string().optional() })),
        otherProposals: z.array(z.object({ action: z.string(), targetKey: z.string(), wouldRun: z.string() })),
        ifApproved: branch,
        ifRejected: branch,
      })
      .nullable()
      .describe("The simulator's dry run of the playbook that proposed the action; null for a manual action"),
  }),
  'What approving an action would do: its evidence, its target, what else it touches, how to undo it, and what follows',
);
export type ActionImpact = z.output<typeof actionImpactSchema>;

export const actionImpactViewSchema = component(
  'ActionImpactView',
  z.object({
    actionId: z.string(),
    actionStatus: z.enum(ACTION_STATUSES),
    current: actionImpactSchema.describe('Computed now'),
    atProposal: actionImpactSchema.nullable().describe('What the approvers saw when it was proposed (null if no snapshot was taken)'),
  }),
  "An action's impact as it stands and as it was when proposed",
);
export type ActionImpactView = z.output<typeof actionImpactViewSchema>;
