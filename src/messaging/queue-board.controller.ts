import { Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { queueBoardCookie } from './queue-board.js';

/** Opens the queue board (Bull Board, /admin/queues) in a browser: "Authorize" in /docs, call this, then open the board. */
@ApiTags('messages')
@ApiBearerAuth()
@Controller('admin/queues-session')
export class QueueBoardController {
  constructor(private readonly config: AppConfig) {}

  @Post()
  @Roles('manager', 'owner')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Sets an HttpOnly cookie, sent only to /admin/queues, holding the caller’s own token for as long as an access token lives.' })
  async open(@Headers('authorization') authorization: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = authorization.slice('Bearer '.length).trim();
    const secure = this.config.http.publicBaseUrl.startsWith('https:');
    reply.header('set-cookie', queueBoardCookie(token, secure, Math.floor(this.config.auth.accessTokenTtlMs / 1000)));
  }
}
