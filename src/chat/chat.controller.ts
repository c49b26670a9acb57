import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/roles.js';
import { ChatService } from './chat.service.js';

/** Slack calls this when someone presses Approve or Reject; the signature, not a key, says it is Slack. */
@ApiExcludeController()
@Controller('api/v1/chat')
export class ChatController {
  constructor(private readonly chat: ChatService) {}

  @Post('slack/interactions')
  @HttpCode(200)
  @Public()
  slack(
    @Body() body: unknown,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
    @Req() req: Request,
  ) {
    return this.chat.slackInteraction(body, { timestamp, signature }, req.ip ?? null);
  }

  /** The Teams bot's messaging endpoint: Approve / Reject on an Adaptive Card arrive as Action.Execute invokes. */
  @Post('teams/messages')
  @HttpCode(200)
  @Public()
  teams(@Body() body: unknown, @Headers('authorization') authorization: string | undefined, @Req() req: Request) {
    return this.chat.teamsActivity(body, authorization, req.ip ?? null);
  }
}
