import { randomBytes } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { auditedBy } from '../audit/audit.store.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { newWebhookSchema, webhookDeliveryListSchema, webhookListSchema } from './webhook.dto.js';
import { Problem } from '../http/problem.js';
import { uuidParam } from '../http/query.js';
import { ZodParam, ZodPipe } from '../http/zod.pipe.js';
import { WEBHOOK_EVENTS } from './events.js';
import { WebhookStore } from './webhook.store.js';

const createSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
});

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks')
@RequireRole('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhookStore) {}

  @Post()
  @ApiOperation({ operationId: 'createWebhook', summary: 'Subscribe a URL to events; the signing secret is shown only in this response' })
  @Responds({ ok: { 201: newWebhookSchema } })
  @ApiBody({ schema: jsonSchema(createSchema) })
  async create(@Body(new ZodPipe(createSchema)) body: z.output<typeof createSchema>, @Caller() who: Principal) {
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const row = await this.webhooks.create(body.url, [...new Set(body.events)], secret, auditedBy(who));
    return { ...row, secret };
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhooks', summary: 'Webhook subscriptions with their last delivery status' })
  @Responds({ ok: { 200: webhookListSchema } })
  async list() {
    return { items: await this.webhooks.list() };
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'Recent deliveries of a webhook with their status' })
  @Responds({ ok: { 200: webhookDeliveryListSchema }, problems: [404] })
  async deliveries(@ZodParam('id', uuidParam) id: string) {
    if (!(await this.webhooks.exists(id))) throw Problem.notFound(`Webhook ${id}`);
    return { items: await this.webhooks.recentDeliveries(id) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Remove a webhook subscription and its queued deliveries' })
  @Responds({ ok: { 204: null }, problems: [404] })
  async remove(@ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    if (!(await this.webhooks.remove(id, auditedBy(who)))) throw Problem.notFound(`Webhook ${id}`);
  }
}
