import type { FastifyInstance } from 'fastify';
import { validationFailed } from './validation.js';

/**
 * Query parameters whose percent-escapes are not UTF-8 (`%FF`, an encoded surrogate) would reach a
 * route as replacement characters, silently changed. They are refused before routing, naming the
 * parameter, in the same shape as every other 400.
 */
export function refuseMalformedQueryEncoding(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const query = request.url.split('?', 2)[1];
    if (!query) return;
    const bad = query.split('&').flatMap((pair) => {
      const [rawKey, rawValue = ''] = pair.split('=', 2);
      return decodes(rawKey) && decodes(rawValue) ? [] : [safeName(rawKey)];
    });
    if (bad.length === 0) return;
    const error = validationFailed(bad.map((field) => ({ field, problems: [`${field} has percent-escapes that are not UTF-8 text`] })));
    return reply.status(400).send({ statusCode: 400, code: error.code, message: error.message, ...error.details });
  });
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

function safeName(rawKey: string): string {
  try {
    return decodeURIComponent(rawKey);
  } catch {
    return rawKey;
  }
}
