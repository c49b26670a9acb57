import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { incidentInScope } from '../auth/scope.sql.js';
import type { ScopeLimit } from '../domain/scope.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { INCIDENT_COLUMNS, type IncidentRow } from './incidents.repository.js';

export const SORT_FIELDS = {
  lastActivityAt: { expr: 'i.last_activity_at', type: 'timestamptz' },
  severity: { expr: 'i.severity_rank', type: 'int' },
  createdAt: { expr: 'i.created_at', type: 'timestamptz' },
  alertCount: { expr: 'i.alert_count', type: 'int' },
  id: { expr: 'i.id', type: 'bigint' },
} as const;
export type SortField = keyof typeof SORT_FIELDS;

export interface QueueFilters {
  status: string[];
  severity?: string[];
  includeInformational: boolean;
  assignedTo?: string[];
  unassigned?: boolean;
  classification?: string[];
  determination?: string[];
  tag?: string[];
  source?: string[];
  detectionSource?: string[];
  category?: string[];
  multipleSources?: boolean;
  entity?: string;
  q?: string;
  investigationState?: string[];
  since?: string;
  until?: string;
  sort: SortField;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  count: boolean;
  /** The caller's scope: the queue shows only what it covers. */
  scope?: ScopeLimit;
}

/** How many incidents, in sort order, a page is looked for among before every match is found instead (see `list`). */
const WALK_LIMIT = 1000;

/** The incident queue: every filter maps to an indexed predicate, paging is keyset over (sort, id). Reads only. */
@Injectable()
export class IncidentQueueRepository {
  constructor(private readonly db: DataSource) {}

  async list(f: QueueFilters): Promise<{ items: IncidentRow[]; nextCursor: string | null; total?: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    where.push(`i.status = ANY(${p(f.status)})`);
    if (f.severity?.length) where.push(`i.severity = ANY(${p(f.severity)})`);
    else if (!f.includeInformational) where.push(`i.severity_rank > 0`);
    const assignees: string[] = [];
    if (f.assignedTo?.length) assignees.push(`i.assigned_to = ANY(${p(f.assignedTo)})`);
    if (f.unassigned) assignees.push('i.assigned_to IS NULL');
    if (assignees.length) where.push(`(${assignees.join(' OR ')})`);
    if (f.classification?.length) {
      const named = f.classification.filter((c) => c !== 'none');
      const parts = named.length ? [`i.classification = ANY(${p(named)})`] : [];
      if (f.classification.includes('none')) parts.push('i.classification IS NULL');
      where.push(`(${parts.join(' OR ')})`);
    }
    if (f.determination?.length) where.push(`i.determination = ANY(${p(f.determination)})`);
    if (f.tag?.length) where.push(`(i.tags && ${p(f.tag)}::text[] OR i.system_tags && ${p(f.tag)}::text[])`);
    if (f.source?.length) where.push(`i.sources && ${p(f.source)}::text[]`);
    if (f.detectionSource?.length) where.push(`i.detection_sources && ${p(f.detectionSource)}::text[]`);
    if (f.category?.length) where.push(`i.categories && ${p(f.category)}::text[]`);
    if (f.multipleSources) where.push('cardinality(i.sources) > 1');
    if (f.entity) where.push(`i.asset_names @> ARRAY[${p(f.entity.trim().toLowerCase())}]::text[]`);
    if (f.q) {
      const text = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(/^\d{1,15}$/.test(f.q) ? `(i.id = ${p(Number(f.q))} OR i.name ILIKE ${p(text)})` : `i.name ILIKE ${p(text)}`);
    }
    if (f.investigationState?.length) where.push(`i.investigation_state = ANY(${p(f.investigationState)})`);
    if (f.scope) where.push(incidentInScope('i', f.scope, p));
    const range: string[] = [];
    if (f.since) range.push(`i.last_activity_at >= ${p(f.since)}`);
    if (f.until) range.push(`i.last_activity_at < ${p(f.until)}`);
    const filterSql = [...where, ...range].join(' AND ');
    const filterParams = params.length;

    const sort = SORT_FIELDS[f.sort];
    const dir = f.order === 'asc' ? 'ASC' : 'DESC';
    const cmp = f.order === 'asc' ? '>' : '<';
    const tag = `${f.sort}:${f.order}`;
    const cursor: string[] = [];
    if (f.cursor) {
      const c = decodeCursor(f.cursor, tag, { value: sort.type, id: 'bigint' });
      cursor.push(`(${sort.expr}, i.id) ${cmp} (${p(c.value)}::${sort.type}, ${p(c.id)}::bigint)`);
    }
    const matchSql = [...where, ...range, ...cursor].join(' AND ');
    // A walk of the sort index starts at the cursor and, on the last-activity index, within the
    // time range: index conditions, so its LIMIT bounds what it reads. Anything else filters.
    const walkSql = [...(f.sort === 'lastActivityAt' ? range : []), ...cursor].join(' AND ') || 'true';
    const n = p(f.limit + 1);
    // Walking the sort index until a page of matches turns up is cheap when matches are common and
    // ruinous when they are rare: a filter that matches nothing reads the whole index. The planner
    // chooses between that walk and finding every match first (GIN, bitmap or index scans) from its
    // estimate of how many incidents match, and correlated filters (a tag only ever on resolved
    // incidents) or array filters (no statistics across columns) put that estimate off by orders of
    // magnitude. So the walk is bounded to WALK_LIMIT incidents; only when it falls short of a page
    // are all matches found and the page sorted out of them. One statement: one snapshot.
    const rowsQuery: Promise<(IncidentRow & { sortValue: string })[]> = this.db.query(
      `WITH walked AS MATERIALIZED (
         SELECT w.id, w.sort_key FROM (
           SELECT i.id, ${sort.expr} AS sort_key, (${matchSql}) AS hit FROM incidents i
           WHERE ${walkSql} ORDER BY ${sort.expr} ${dir}, i.id ${dir} LIMIT ${WALK_LIMIT}
         ) w WHERE w.hit LIMIT ${n}
       ), walk_found_page AS (SELECT count(*) = ${n} AS yes FROM walked),
       all_matches AS MATERIALIZED (
         SELECT i.id, ${sort.expr} AS sort_key FROM incidents i WHERE ${matchSql} AND NOT (SELECT yes FROM walk_found_page)
       )
       SELECT ${INCIDENT_COLUMNS}, i.investigation_state AS "investigationState", (${sort.expr})::text AS "sortValue"
       FROM (
         SELECT id, sort_key FROM walked WHERE (SELECT yes FROM walk_found_page)
         UNION ALL SELECT id, sort_key FROM all_matches
         ORDER BY sort_key ${dir}, id ${dir} LIMIT ${n}
       ) m JOIN incidents i ON i.id = m.id
       ORDER BY m.sort_key ${dir}, m.id ${dir}`,
      params,
    );
    // The total does not depend on the page, so it is counted beside it, on a connection of its own.
    const totalQuery: Promise<{ n: number }[]> | undefined = f.count
      ? this.db.query(`SELECT count(*)::int AS n FROM incidents i WHERE ${filterSql}`, params.slice(0, filterParams))
      : undefined;
    const [rows, counted] = await Promise.all([rowsQuery, totalQuery]);
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > f.limit && last ? encodeCursor(last.sortValue, last.id, tag) : null;
    const total = counted?.[0]?.n;
    return { items, nextCursor, total };
  }
}
