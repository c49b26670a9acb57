import { z } from 'zod';
import { component, instant } from '../http/api-schemas.js';
import { INDICATOR_TYPES, INDICATOR_VERDICTS } from './indicator-values.js';

/** Response bodies of /api/v1/indicators. */

export const indicatorResponse = component(
  'Indicator',
  z.object({
    id: z.uuid(),
    type: z.enum(INDICATOR_TYPES),
    value: z.string().describe('Normalised: the form it is stored and matched in'),
    verdict: z.enum(INDICATOR_VERDICTS),
    source: z.string(),
    description: z.string().nullable(),
    createdAt: instant,
  }),
  'A threat-intelligence indicator',
);
export type IndicatorRow = z.output<typeof indicatorResponse>;

export const indicatorListSchema = component('IndicatorList', z.object({ items: z.array(indicatorResponse) }));
export const indicatorPageSchema = component(
  'IndicatorPage',
  z.object({ items: z.array(indicatorResponse), nextCursor: z.string().nullable() }),
);
export const indicatorImportResultSchema = component(
  'IndicatorImportResult',
  z.object({
    imported: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative().describe('Objects or rows that are not indicators Quell stores'),
    errors: z.array(z.object({ line: z.number().int().optional(), index: z.number().int().optional(), message: z.string() })),
  }),
);
