import { z } from 'zod';
import { SEVERITIES } from '../domain/alert.js';
import { ALL_DETERMINATIONS, CLASSIFICATIONS, type Classification, DETERMINATIONS, MAX_TAG_LENGTH, MAX_TAGS } from '../domain/incident.js';
import type { FieldError } from '../http/problem.js';
import type { IncidentRow } from './incidents.repository.js';

const tag = z.string().trim().min(1).max(MAX_TAG_LENGTH);
const tags = z.array(tag).max(MAX_TAGS);

/** What an analyst may change on an incident (PATCH and bulk share it). */
export const incidentChangesSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(512).optional(),
    assignedTo: z.string().trim().min(1).max(256).nullable().optional(),
    status: z.enum(['active', 'in_progress', 'resolved']).optional(),
    severity: z.enum(SEVERITIES).nullable().optional(),
    classification: z
      .enum(CLASSIFICATIONS as [Classification, ...Classification[]])
      .nullable()
      .optional(),
    determination: z
      .enum(ALL_DETERMINATIONS as [string, ...string[]])
      .nullable()
      .optional(),
    tags: tags.optional(),
    addTags: tags.optional(),
    removeTags: tags.optional(),
    resolutionComment: z.string().max(30_000).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'give at least one field to change' })
  .refine((c) => !(c.tags && (c.addTags || c.removeTags)), { message: 'use either tags (replace) or addTags/removeTags', path: ['tags'] });
export type IncidentChanges = z.output<typeof incidentChangesSchema>;

export interface FieldChange {
  from: unknown;
  to: unknown;
}

/** The new values for an incident, the changes to record, and the rule violations (checked against the current state). */
export function planChanges(
  current: IncidentRow,
  c: IncidentChanges,
): { set: Record<string, unknown>; changes: Record<string, FieldChange>; errors: FieldError[] } {
  const set: Record<string, unknown> = {};
  const changes: Record<string, FieldChange> = {};
  const errors: FieldError[] = [];
  const change = (field: string, from: unknown, to: unknown, column: string, value: unknown = to) => {
    if (JSON.stringify(from) === JSON.stringify(to)) return;
    changes[field] = { from, to };
    set[column] = value;
  };

  if (c.name !== undefined) {
    change('name', current.name, c.name, 'name');
    if (changes.name) set.name_set_by_analyst = true;
  }
  if (c.assignedTo !== undefined) change('assignedTo', current.assignedTo, c.assignedTo, 'assigned_to');
  if (c.status !== undefined) change('status', current.status, c.status, 'status');
  if (c.severity !== undefined) {
    if (c.severity === null) {
      if (current.severitySetByAnalyst) {
        changes.severity = { from: current.severity, to: 'automatic' };
        set.severity_set_by_analyst = false;
      }
    } else if (c.severity !== current.severity || !current.severitySetByAnalyst) {
      changes.severity = { from: current.severity, to: c.severity };
      set.severity = c.severity;
      set.severity_set_by_analyst = true;
    }
  }
  const classification = c.classification !== undefined ? c.classification : (current.classification as Classification | null);
  let determination = c.determination !== undefined ? c.determination : current.determination;
  if (c.classification !== undefined && c.determination === undefined && c.classification !== current.classification) determination = null;
  if (determination && !classification) {
    errors.push({ path: 'determination', message: 'needs a classification' });
  } else if (determination && classification && !(DETERMINATIONS[classification] as readonly string[]).includes(determination)) {
    errors.push({
      path: 'determination',
      message: `'${determination}' does not belong to ${classification}; use one of ${DETERMINATIONS[classification].join(', ')}`,
    });
  }
  change('classification', current.classification, classification, 'classification');
  change('determination', current.determination, determination, 'determination');

  let nextTags = current.tags;
  if (c.tags) nextTags = [...new Set(c.tags)];
  if (c.addTags) nextTags = [...new Set([...nextTags, ...c.addTags])];
  if (c.removeTags) nextTags = nextTags.filter((t) => !c.removeTags!.includes(t));
  if (nextTags.length > MAX_TAGS) errors.push({ path: 'tags', message: `at most ${MAX_TAGS} tags` });
  change('tags', current.tags, nextTags, 'tags');
  if (c.resolutionComment !== undefined) change('resolutionComment', null, c.resolutionComment, 'resolution_comment');
  return { set, changes, errors };
}
