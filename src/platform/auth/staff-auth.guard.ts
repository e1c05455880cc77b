import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ActionChannel, Actor, StaffRole } from '../../../workflows/shared/job-model.js';
import { isUuid } from '../http/uuid.js';
import { platformError } from '../errors/platform-errors.js';

/** Who is making a request: a signed-in staff member, or an integration's API key acting in a role. */
export interface StaffMember {
  /** The staff account's id, or `api-key:<id>` for an API key. */
  id: string;
  name: string;
  role: StaffRole;
  /** The stores this caller works in; `all` for an owner (and keys made for every store). */
  stores: string[] | 'all';
  /** The sign-in session behind an access token (what logout ends); absent for an API key. */
  sessionId?: string;
}

/** The kinds of record a route can be scoped to by its path parameter. */
export type ScopedRecord = 'repair' | 'order' | 'job' | 'alert' | 'store' | 'piece';

/**
 * The store a record belongs to, for the guard's store check (the jobs module provides it);
 * undefined when there is no such record.
 */
export abstract class RecordStores {
  abstract storeOf(record: ScopedRecord, id: string): Promise<string | undefined>;
}

const NOT_FOUND_CODES: Record<ScopedRecord, [code: Parameters<typeof platformError>[0], noun: string]> = {
  repair: ['REPAIR_NOT_FOUND', 'repair'],
  order: ['ORDER_NOT_FOUND', 'order'],
  job: ['JOB_NOT_FOUND', 'job'],
  alert: ['ALERT_NOT_FOUND', 'alert'],
  store: ['STORE_NOT_FOUND', 'store'],
  piece: ['PIECE_NOT_FOUND', 'piece'],
};

/** Turns a bearer secret into the caller it belongs to; the staff module provides it. */
export abstract class Authenticator {
  abstract authenticate(bearer: string): Promise<StaffMember | undefined>;
}

/** The staff member as an actor in a job's history. */
export function actorOf(staff: StaffMember, channel: ActionChannel = staff.id.startsWith('api-key:') ? 'api' : 'counter'): Actor {
  return { kind: 'staff', id: staff.id, name: staff.name, role: staff.role, channel };
}

/** Whether the caller works in the store: another store's records answer 404, as if absent. */
export function worksIn(staff: StaffMember, storeId: string): boolean {
  return staff.stores === 'all' || staff.stores.includes(storeId);
}

const PUBLIC_ROUTE = 'atelier:public-route';
const ROLES = 'atelier:roles';
const STORE_SCOPE = 'atelier:store-scope';

/** Marks a route anyone may call (health, sign-in, a customer's tracking page). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);

/** The staff roles a route is for; without it, any signed-in staff member may call it. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES, roles);

/**
 * The record a route's path parameter names belongs to a store: a caller who does not work there
 * gets the record's 404 before anything else is looked at (the body included), exactly as for an
 * id that does not exist, so ids of other stores neither leak nor act.
 */
export const StoreScoped = (record: ScopedRecord, param: string) => SetMetadata(STORE_SCOPE, { record, param });

/** The roles a handler declares (for the role matrix): undefined means any staff. */
export function rolesOf(reflector: Reflector, targets: Parameters<Reflector['getAllAndOverride']>[1]): StaffRole[] | undefined {
  return reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets);
}

/** Whether a handler is open to anyone. */
export function isPublicRoute(reflector: Reflector, targets: Parameters<Reflector['getAllAndOverride']>[1]): boolean {
  return reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false;
}

type AuthenticatedRequest = FastifyRequest & { staff?: StaffMember };

/** The staff member whose bearer token authenticated this request. */
export const CurrentStaff = createParamDecorator((_data: unknown, context: ExecutionContext): StaffMember => {
  const staff = context.switchToHttp().getRequest<AuthenticatedRequest>().staff;
  if (!staff) throw new Error('CurrentStaff used on a public route');
  return staff;
});

/** Every route needs a staff access token or API key unless it is marked @PublicRoute(). */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly recordStores: RecordStores,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (isPublicRoute(this.reflector, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = /^Bearer (\S{1,512})$/.exec(request.headers.authorization ?? '')?.[1];
    const staff = bearer ? await this.authenticator.authenticate(bearer) : undefined;
    if (!staff) {
      throw platformError('AUTHENTICATION_REQUIRED', 'Send an access token or API key as "Authorization: Bearer <token>"; an expired access token is renewed at POST /auth/refresh.');
    }
    request.staff = staff;
    const roles = rolesOf(this.reflector, targets);
    if (roles && !roles.includes(staff.role)) {
      throw platformError('ROLE_NOT_ALLOWED', `This is for ${roles.join(', ')}; you are signed in as ${staff.role}.`, { allowedRoles: roles });
    }
    const scope = this.reflector.getAllAndOverride<{ record: ScopedRecord; param: string } | undefined>(STORE_SCOPE, targets);
    if (scope && staff.stores !== 'all') await this.assertInCallersStores(staff, scope.record, (request.params as Record<string, string>)[scope.param]);
    return true;
  }

  private async assertInCallersStores(staff: StaffMember, record: ScopedRecord, id: string | undefined): Promise<void> {
    // A malformed id is left to the route's own 400.
    if (!id || !isUuid(id)) return;
    const storeId = await this.recordStores.storeOf(record, id);
    if (storeId && worksIn(staff, storeId)) return;
    const [code, noun] = NOT_FOUND_CODES[record];
    throw platformError(code, `No ${noun} with id ${id}.`);
  }
}
