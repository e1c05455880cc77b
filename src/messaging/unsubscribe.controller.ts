import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import { CustomersService } from '../customers/customers.service.js';
import { PublicRoute } from '../platform/auth/staff-auth.guard.js';
import { escapeHtml } from './email-layout.js';
import { sendPlainPage } from './plain-page.js';
import { Message } from './message.entity.js';

const TOKEN = /^[\w-]{32}$/;

/**
 * The unsubscribe link of every email: GET shows a confirm button (link scanners that prefetch
 * URLs must not unsubscribe anyone); POST unsubscribes, from that button or from the mail app's
 * one-click List-Unsubscribe-Post. An unknown link says so without telling whose it might be.
 */
@ApiExcludeController()
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly em: EntityManager,
    private readonly customers: CustomersService,
  ) {}

  @Get(':token')
  @PublicRoute()
  async confirm(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const message = await this.messageOf(token);
    if (!message) return sendPlainPage(reply, 404, 'Link no longer valid', '<p>This unsubscribe link is not valid. Please contact the store.</p>');
    await sendPlainPage(
      reply,
      200,
      'Unsubscribe',
      `<p>Stop emails from ${escapeHtml(message.senderName ?? 'the store')} about your pieces?</p>
<form method="post" action="/unsubscribe/${token}"><button type="submit">Unsubscribe</button></form>
<p>Texts are not affected: reply STOP to any text to stop those.</p>`,
    );
  }

  @Post(':token')
  @PublicRoute()
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const message = await this.messageOf(token);
    if (!message) return sendPlainPage(reply, 404, 'Link no longer valid', '<p>This unsubscribe link is not valid. Please contact the store.</p>');
    await this.customers.emailLinkUnsubscribe(message.customer.id);
    await sendPlainPage(reply, 200, 'Unsubscribed', `<p>You will get no more emails from ${escapeHtml(message.senderName ?? 'the store')}. You can ask the store to start them again at any time.</p>`);
  }

  private async messageOf(token: string): Promise<Message | null> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return null;
    return this.em.fork().findOne(Message, { unsubscribeToken: token, channel: 'email' });
  }
}
