import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server speaking the part of the S3 API Atelier uses (put, get and delete an object,
 * path-style), so the real AWS SDK is exercised without AWS. It checks that requests are signed
 * (SigV4) with the expected access key, and keeps objects in memory.
 */
export class FakeS3Server {
  readonly objects = new Map<string, { body: Buffer; contentType: string }>();
  private server?: Server;

  constructor(private readonly options: { bucket: string; accessKeyId: string; port?: number }) {}

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('The S3 API server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const credential = /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1];
    if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ') || credential !== this.options.accessKeyId) {
      return error(response, 403, 'InvalidAccessKeyId', 'The request is not signed with the expected access key.');
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://s3.local').pathname);
    const prefix = `/${this.options.bucket}/`;
    if (!path.startsWith(prefix) || path.length === prefix.length) return error(response, 404, 'NoSuchBucket', 'The bucket does not exist.');
    const key = path.slice(prefix.length);
    switch (request.method) {
      case 'PUT': {
        this.objects.set(key, { body, contentType: request.headers['content-type'] ?? 'application/octet-stream' });
        response.writeHead(200, { ETag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
        return;
      }
      case 'GET': {
        const object = this.objects.get(key);
        if (!object) return error(response, 404, 'NoSuchKey', 'The specified key does not exist.');
        response.writeHead(200, { 'Content-Type': object.contentType, 'Content-Length': object.body.length }).end(object.body);
        return;
      }
      case 'DELETE':
        this.objects.delete(key);
        response.writeHead(204).end();
        return;
      default:
        error(response, 405, 'MethodNotAllowed', 'The method is not allowed here.');
    }
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function error(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
