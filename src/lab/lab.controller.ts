import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireRole } from '../auth/roles.js';
import { limitParam } from '../http/query.js';
import { ZodQuery } from '../http/zod.pipe.js';
import { LabRepository } from './lab.repository.js';
import { Responds } from '../http/openapi.js';
import {
  labBlockListSchema,
  labDeviceListSchema,
  labEffectListSchema,
  labFileListSchema,
  labMailboxListSchema,
  labMessageListSchema,
  labPersistenceListSchema,
  labSeedSchema,
  labSigninListSchema,
  labUserListSchema,
} from './lab.dto.js';

const filter = z.string().trim().min(1).max(512);
const listQuery = z.strictObject({ limit: limitParam(500, 100) });
const messagesQuery = z.strictObject({ limit: limitParam(500, 100), mailbox: filter.optional(), sender: filter.optional() });
const signinsQuery = z.strictObject({ limit: limitParam(500, 100), upn: filter.optional() });
const effectsQuery = z.strictObject({ limit: limitParam(500, 100), actionId: filter.optional() });

/** The simulated estate behind the `lab` connector: where an action's effect can be seen. */
@ApiTags('lab')
@ApiBearerAuth()
@Controller('api/v1/lab')
export class LabController {
  constructor(private readonly lab: LabRepository) {}

  /** Through the API, so the demo seeds whichever database this Quell uses. */
  @Post('seed')
  @HttpCode(200)
  @RequireRole('admin')
  @Responds({ ok: { 200: labSeedSchema } })
  @ApiOperation({ operationId: 'seedLab', summary: 'Seed (or reset) the demo organisation, Contoso, in the lab' })
  async seed() {
    return { seeded: await this.lab.seed() };
  }

  @Get('devices')
  @RequireRole('reader')
  @Responds({ ok: { 200: labDeviceListSchema } })
  @ApiOperation({
    operationId: 'listLabDevices',
    summary: 'Lab devices: group, isolation, app restriction, AV scans, investigation packages',
  })
  async devices(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: await this.lab.devices(q) };
  }

  @Get('users')
  @RequireRole('reader')
  @Responds({ ok: { 200: labUserListSchema } })
  @ApiOperation({
    operationId: 'listLabUsers',
    summary: 'Lab accounts: enabled, admin, risk, compromised, password resets and session revocations',
  })
  async users(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: await this.lab.users(q) };
  }

  @Get('mailboxes')
  @RequireRole('reader')
  @Responds({ ok: { 200: labMailboxListSchema } })
  @ApiOperation({ operationId: 'listLabMailboxes', summary: 'Lab mailboxes: external forwarding and inbox rules' })
  async mailboxes(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: await this.lab.mailboxes(q) };
  }

  @Get('messages')
  @RequireRole('reader')
  @Responds({ ok: { 200: labMessageListSchema } })
  @ApiOperation({ operationId: 'listLabMessages', summary: 'Lab e-mail messages, newest first; filter by mailbox or sender' })
  async messages(@ZodQuery(messagesQuery) q: z.output<typeof messagesQuery>) {
    return { items: await this.lab.messages(q) };
  }

  @Get('files')
  @RequireRole('reader')
  @Responds({ ok: { 200: labFileListSchema } })
  @ApiOperation({ operationId: 'listLabFiles', summary: 'Files on lab devices, with quarantine state' })
  async files(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: await this.lab.files(q) };
  }

  @Get('persistence')
  @RequireRole('reader')
  @Responds({ ok: { 200: labPersistenceListSchema } })
  @ApiOperation({ operationId: 'listLabPersistence', summary: 'Persistence entries on lab devices (run keys, scheduled tasks, services)' })
  async persistence(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: await this.lab.persistence(q) };
  }

  @Get('blocks')
  @RequireRole('reader')
  @Responds({ ok: { 200: labBlockListSchema } })
  @ApiOperation({ operationId: 'listLabBlocks', summary: 'Blocked senders, URLs and IP addresses' })
  async blocks(@ZodQuery(listQuery) q: z.output<typeof listQuery>) {
    return { items: await this.lab.blocks(q) };
  }

  @Get('signins')
  @RequireRole('reader')
  @Responds({ ok: { 200: labSigninListSchema } })
  @ApiOperation({ operationId: 'listLabSignins', summary: 'Sign-ins, newest first; filter by upn' })
  async signins(@ZodQuery(signinsQuery) q: z.output<typeof signinsQuery>) {
    return { items: await this.lab.signins(q) };
  }

  @Get('effects')
  @RequireRole('reader')
  @Responds({ ok: { 200: labEffectListSchema } })
  @ApiOperation({
    operationId: 'listLabEffects',
    summary: 'Every effect the lab connector carried out (its idempotency ledger); filter by actionId',
  })
  async effects(@ZodQuery(effectsQuery) q: z.output<typeof effectsQuery>) {
    return { items: await this.lab.effects(q) };
  }
}
