import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Authenticator, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { OutboundMessageQueue } from './outbound-message.queue.js';

export const QUEUE_BOARD_PATH = '/admin/queues';
/** The cookie `POST /admin/queues-session` sets, so a browser can open the board with a staff token. */
export const QUEUE_BOARD_COOKIE = 'atelier_queues';
const MAY_SEE_QUEUES: readonly StaffMember['role'][] = ['manager', 'owner'];

/**
 * Bull Board over the outbound message queues at /admin/queues, for managers and owners: its
 * routes are Fastify's, outside Nest's guard, so a hook of their own checks the caller's bearer
 * token (the Authorization header, or the board's cookie) exactly as the guard does.
 */
export function mountQueueBoard(app: NestFastifyApplication): void {
  // The producer's own queues (and connections), closed with the application.
  const queues = app.get(OutboundMessageQueue).all();
  const board = new BoardAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: board, options: { uiConfig: { boardTitle: 'Atelier messages' } } });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const refusal = await refusalOf(app, request);
      if (refusal) await reply.status(refusal.statusCode).header('cache-control', 'no-store').send(refusal);
    });
    await scope.register(board.registerPlugin() as never, { prefix: QUEUE_BOARD_PATH });
  });
}

async function refusalOf(app: NestFastifyApplication, request: FastifyRequest): Promise<{ statusCode: number; code: string; message: string } | undefined> {
  const bearer = bearerOf(request);
  const staff = bearer ? await app.get(Authenticator).authenticate(bearer) : undefined;
  if (!staff) return { statusCode: 401, code: 'AUTHENTICATION_REQUIRED', message: 'Sign in: send a staff bearer token, or open the board after POST /admin/queues-session.' };
  if (!MAY_SEE_QUEUES.includes(staff.role)) return { statusCode: 403, code: 'ROLE_NOT_ALLOWED', message: 'Only managers and owners see the message queues.' };
  return undefined;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const cookie = request.headers.cookie ?? '';
  const match = cookie.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${QUEUE_BOARD_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(QUEUE_BOARD_COOKIE.length + 1)) : undefined;
}

/** The board's cookie: the caller's own token, sent back only to the board's path, never to scripts. */
export function queueBoardCookie(token: string, secure: boolean, maxAgeSeconds: number): string {
  return `${QUEUE_BOARD_COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_BOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

