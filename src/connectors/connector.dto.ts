import { z } from 'zod';
import { ACTION_FAMILIES, PROPOSABLE_ACTIONS } from '../domain/actions.js';
import { CATALOG_FUNCTIONS } from '../domain/catalog.js';
import { component } from '../http/api-schemas.js';

/** Response body of GET /api/v1/connectors. */

const actionType = z.enum(PROPOSABLE_ACTIONS as [string, ...string[]]);

export const connectorListSchema = component(
  'ConnectorList',
  z.object({
    items: z.array(
      z.object({
        name: z.string(),
        actions: z.array(z.string()).describe('Action types it carries out'),
        families: z.array(z.enum(ACTION_FAMILIES)).describe('Action families routed to it'),
        types: z.array(actionType).describe('Action types routed to it'),
        facts: z.array(z.enum(CATALOG_FUNCTIONS as [string, ...string[]])).describe('Catalog functions it answers'),
        health: z.object({ ok: z.boolean(), detail: z.string() }),
      }),
    ),
    unroutedFamilies: z.array(z.enum(ACTION_FAMILIES)),
    unsupportedTypes: z
      .array(z.object({ type: actionType, connector: z.string() }))
      .describe('Routed to a connector that is missing or cannot carry them out'),
  }),
);
export type ConnectorList = z.output<typeof connectorListSchema>;
