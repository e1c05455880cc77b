import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../messaging/email-layout.js';
import { sendPlainPage } from '../../messaging/plain-page.js';
import { PublicRoute } from '../../platform/auth/staff-auth.guard.js';

const TOKEN = /^[\w-]{32}$/;

interface DigestOfToken {
  store_id: string;
  staff_id: string;
  store_name: string;
}

/**
 * The "stop getting it" link of a manager's digest (also the email's one-click List-Unsubscribe):
 * GET shows a button (link scanners must not unsubscribe anyone), POST stops that person's digest
 * of that store, and the page after offers to start it again. The store's digest for everyone else
 * is the store policy's (managerDigestAt).
 */
@ApiExcludeController()
@Controller('digest-unsubscribe')
export class DigestUnsubscribeController {
  constructor(private readonly em: EntityManager) {}

  @Get(':token')
  @PublicRoute()
  async confirm(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const digest = await this.digestOf(token);
    if (!digest) return unknownLink(reply);
    await sendPlainPage(reply, 200, 'Stop the daily digest', `<p>Stop emailing you the daily digest of ${escapeHtml(digest.store_name)}?</p>${button(`/digest-unsubscribe/${token}`, 'Stop the digest')}`);
  }

  @Post(':token')
  @PublicRoute()
  @HttpCode(200)
  async unsubscribe(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const digest = await this.digestOf(token);
    if (!digest) return unknownLink(reply);
    await this.em.fork().execute('insert into manager_digest_opt_outs (store_id, staff_id, created_at) values (?, ?, now()) on conflict do nothing', [digest.store_id, digest.staff_id]);
    await sendPlainPage(
      reply,
      200,
      'Digest stopped',
      `<p>You will get no more daily digests of ${escapeHtml(digest.store_name)}.</p>${button(`/digest-unsubscribe/${token}/resubscribe`, 'Send it to me again')}`,
    );
  }

  @Post(':token/resubscribe')
  @PublicRoute()
  @HttpCode(200)
  async resubscribe(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    const digest = await this.digestOf(token);
    if (!digest) return unknownLink(reply);
    await this.em.fork().execute('delete from manager_digest_opt_outs where store_id = ? and staff_id = ?', [digest.store_id, digest.staff_id]);
    await sendPlainPage(reply, 200, 'Digest on again', `<p>You will get the daily digest of ${escapeHtml(digest.store_name)} again from its next one.</p>`);
  }

  private async digestOf(token: string): Promise<DigestOfToken | undefined> {
    if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
    const [digest] = await this.em
      .fork()
      .execute<DigestOfToken[]>('select d.store_id, d.staff_id, s.name as store_name from manager_digests d join stores s on s.id = d.store_id where d.unsubscribe_token = ?', [token]);
    return digest;
  }
}

function button(action: string, label: string): string {
  return `<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

function unknownLink(reply: FastifyReply): Promise<void> {
  return sendPlainPage(reply, 404, 'Link no longer valid', '<p>This link is not valid.</p>');
}
