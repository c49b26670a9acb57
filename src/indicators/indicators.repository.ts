import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import type { IndicatorRow } from './indicator.dto.js';
import type { IndicatorInput } from './indicator-import.js';
import { INDICATOR_TYPES, type IndicatorType, normaliseIndicator } from './indicator-values.js';

export interface IndicatorFilters {
  type?: IndicatorType[];
  verdict?: string[];
  value?: string;
  limit: number;
  cursor?: string;
}

const COLUMNS = `id, type, value, verdict, source, description, created_at AS "createdAt"`;
const CURSOR_SORT = 'created';

/** The stored forms a searched value can take: normalised as each indicator type it is valid for. */
function valueCandidates(raw: string, types: readonly IndicatorType[]): string[] {
  const forms = types.map((t) => normaliseIndicator(t, raw)).flatMap((n) => ('value' in n ? [n.value] : []));
  return [...new Set([raw.trim(), ...forms])];
}

@Injectable()
export class IndicatorsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Upserts by (type, value), returning the stored rows. Later duplicates in one batch win: one
   * statement may not update the same row twice.
   */
  async upsert(rows: IndicatorInput[]): Promise<IndicatorRow[]> {
    const unique = [...new Map(rows.map((r) => [`${r.type}\u0000${r.value}`, r])).values()];
    if (!unique.length) return [];
    return this.db.query(
      `INSERT INTO indicators (type, value, verdict, source, description)
       SELECT r.type, r.value, r.verdict, coalesce(r.source, 'manual'), r.description
       FROM jsonb_to_recordset($1::jsonb) AS r(type text, value text, verdict text, source text, description text)
       ON CONFLICT (type, value) DO UPDATE SET verdict = EXCLUDED.verdict, source = EXCLUDED.source,
         description = coalesce(EXCLUDED.description, indicators.description)
       RETURNING ${COLUMNS}`,
      [JSON.stringify(unique)],
    );
  }

  async list(f: IndicatorFilters): Promise<{ items: IndicatorRow[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (f.type?.length) where.push(`type = ANY(${p(f.type)})`);
    if (f.verdict?.length) where.push(`verdict = ANY(${p(f.verdict)})`);
    if (f.value) where.push(`value = ANY(${p(valueCandidates(f.value, f.type?.length ? f.type : INDICATOR_TYPES))}::text[])`);
    if (f.cursor) {
      const c = decodeCursor(f.cursor, CURSOR_SORT, { value: 'timestamptz', id: 'uuid' });
      where.push(`(created_at, id) < (${p(c.value)}::timestamptz, ${p(c.id)}::uuid)`);
    }
    // The cursor carries created_at as PostgreSQL prints it: a JS Date would drop the microseconds.
    const rows: (IndicatorRow & { position: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, created_at::text AS position FROM indicators ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, f.limit).map(({ position: _position, ...row }) => row);
    const last = rows[f.limit - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor(last.position, last.id, CURSOR_SORT) : null };
  }

  async delete(id: string): Promise<IndicatorRow | undefined> {
    const [rows] = (await this.db.query(`DELETE FROM indicators WHERE id = $1 RETURNING ${COLUMNS}`, [id])) as [IndicatorRow[], number];
    return rows[0];
  }
}
