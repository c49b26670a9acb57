import { once } from 'node:events';
import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { RequireRole } from '../auth/roles.js';
import { AUDIT_ACTIONS } from '../domain/audit.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { NDJSON_MEDIA_TYPE as NDJSON, Responds } from '../http/openapi.js';
import { isoTime, limitParam, multi } from '../http/query.js';
import { ZodQuery } from '../http/zod.pipe.js';
import { auditEntrySchema, auditPageSchema, mapAudit } from './audit.dto.js';
import { AuditStore } from './audit.store.js';

const listQuery = z.strictObject({
  action: multi(z.enum(AUDIT_ACTIONS)).optional(),
  actor: z.string().trim().min(1).max(256).optional().describe("The actor's id (a key's id) or name"),
  targetType: z.string().trim().min(1).max(64).optional(),
  targetId: z.string().trim().min(1).max(256).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: limitParam(500, 100),
  cursor: z.string().max(512).optional(),
  format: z
    .enum(['json', 'jsonl'])
    .optional()
    .describe('`jsonl` exports every matching entry as JSON lines (as `Accept: application/x-ndjson` does)'),
});
const CURSOR_SORT = 'seq';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
@RequireRole('admin')
export class AuditController {
  constructor(private readonly audit: AuditStore) {}

  @Get()
  @ApiOperation({
    operationId: 'listAuditLog',
    summary: 'The audit log, newest first, with filters and a cursor; or every matching entry as JSON lines',
    description: `With \`?format=jsonl\` or \`Accept: ${NDJSON}\` the answer is \`${NDJSON}\`: every matching entry, oldest first, one JSON object per line, streamed without paging (\`limit\` and \`cursor\` do not apply).`,
  })
  @Responds({ ok: { 200: auditPageSchema }, lines: auditEntrySchema })
  async list(@ZodQuery(listQuery) q: z.output<typeof listQuery>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const filters = { actions: q.action, actor: q.actor, targetType: q.targetType, targetId: q.targetId, from: q.from, to: q.to };
    const wantsLines = q.format === 'jsonl' || (q.format === undefined && req.accepts(['application/json', NDJSON]) === NDJSON);
    if (!wantsLines) {
      const beforeSeq = q.cursor ? Number(decodeCursor(q.cursor, CURSOR_SORT, { value: 'bigint', id: 'bigint' }).value) : undefined;
      const page = await this.audit.list({ ...filters, limit: q.limit, beforeSeq });
      res.json({
        items: page.items.map(mapAudit),
        nextCursor: page.nextBeforeSeq === null ? null : encodeCursor(page.nextBeforeSeq, page.nextBeforeSeq, CURSOR_SORT),
      });
      return;
    }
    res.status(200).type(NDJSON);
    try {
      for await (const entry of this.audit.stream(filters)) {
        if (!res.write(`${JSON.stringify(mapAudit(entry))}\n`)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
        if (res.destroyed) return;
      }
      res.end();
    } catch (err) {
      // Headers are gone: the only honest signal left is a cut connection, never a truncated file that looks whole.
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
