import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** A request through the app's real HTTP pipeline (guard, pipes, filter), as a client would send it. */
export async function request<T = any>(
  api: NestFastifyApplication,
  method: HttpMethod,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<HttpAnswer<T>> {
  const { token, body, headers = {}, remoteAddress } = options;
  const response = await api.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined || Buffer.isBuffer(body) ? {} : { 'content-type': 'application/json' }), ...headers },
    payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : body === undefined ? undefined : JSON.stringify(body),
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  const isJson = String(response.headers['content-type'] ?? '').startsWith('application/json');
  return { status: response.statusCode, body: (response.body ? (isJson ? response.json() : response.rawPayload) : undefined) as T, headers: response.headers };
}
