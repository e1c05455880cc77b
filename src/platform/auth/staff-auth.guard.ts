import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ActionChannel, Actor, StaffRole } from '../../../workflows/shared/job-model.js';
import { AppConfig, type StaffCredential } from '../config/app-config.js';
import { DomainError } from '../errors/domain-error.js';

/** The staff member making a request. */
export interface StaffMember extends Omit<StaffCredential, 'token'> {
  id: string;
}

/** The staff member as an actor in a job's history. */
export function actorOf(staff: StaffMember, channel: ActionChannel = 'counter'): Actor {
  return { kind: 'staff', id: staff.id, name: staff.name, role: staff.role, channel };
}

const PUBLIC_ROUTE = 'atelier:public-route';
const ROLES = 'atelier:roles';

/** Marks a route anyone may call (health, a customer's tracking page). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

/** The staff roles a route is for; without it, any signed-in staff member may call it. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES, roles);

/** The roles a handler declares (for the role matrix): undefined means any staff. */
export function rolesOf(reflector: Reflector, targets: Parameters<Reflector['getAllAndOverride']>[1]): StaffRole[] | undefined {
  return reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets);
}

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
    this.credentials = config.staff.map(({ token, ...staff }) => ({ digest: digest(token), staff: { ...staff, id: `staff:${staff.name}` } }));
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
    const roles = rolesOf(this.reflector, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(match.staff.role)) {
      throw new DomainError('forbidden', 'ROLE_NOT_ALLOWED', `This is for ${roles.join(', ')}; you are signed in as ${match.staff.role}.`, { allowedRoles: roles });
    }
    return true;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
