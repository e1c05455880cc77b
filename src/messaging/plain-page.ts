import type { FastifyReply } from 'fastify';
import { escapeHtml } from './email-layout.js';

/**
 * A small public HTML page for a link followed from an email (unsubscribe, confirmations): readable
 * on a phone, never cached, no referrer. `body` is HTML the caller has escaped; the title is escaped here.
 */
export async function sendPlainPage(reply: FastifyReply, status: number, title: string, body: string): Promise<void> {
  await reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.6rem 1.2rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}
