import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig, type StaffCredential } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';

export type StaffMember = Omit<StaffCredential, 'token'>;

const PUBLIC_ROUTE = 'atelier:public-route';

/** Marks a route anyone may call (health, a customer's tracking page). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

type AuthenticatedRequest = FastifyRequest & { staff?: StaffMember };

/** The staff member whose bearer token authenticated this request. */
export const CurrentStaff = createParamDecorator((_data: unknown, context: ExecutionContext): StaffMember => {
  const staff = context.switchToHttp().getRequest<AuthenticatedRequest>().staff;
  if (!staff) throw new Error('CurrentStaff used on a public route');
  return staff;
});

/** Every route needs a staff bearer token unless it is marked @PublicRoute(). */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  private readonly credentials: { digest: Buffer; staff: StaffMember }[];

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
  ) {
    this.credentials = config.staff.map(({ token, ...staff }) => ({ digest: digest(token), staff }));
  }

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    // Compare digests in constant time so response timing says nothing about a token.
    const presented = token ? digest(token) : undefined;
    const match = presented && this.credentials.find(({ digest }) => timingSafeEqual(digest, presented));
    if (!match) {
      throw new DomainError('unauthenticated', 'AUTHENTICATION_REQUIRED', 'Send a staff API token as "Authorization: Bearer <token>".');
    }
    request.staff = match.staff;
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
