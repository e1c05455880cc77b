import type { Actor, JobKind, StaffRole, WaitingOn } from './job-model.js';
import { refuse } from './job-refusals.js';

export interface StageInfo<A extends string> {
  /** What the customer reads on the tracking page ("At the bench"). */
  label: string;
  waitingOn: WaitingOn;
  /** Actions this stage allows (each is a workflow Update). */
  actions: readonly A[];
  /** The job is over: the piece has left the shop. */
  final?: boolean;
}

export interface ActionInfo {
  label: string;
  /** Staff roles that may take it. */
  roles: readonly StaffRole[];
  /** The customer may take it themselves (an SMS reply, the tracking page). */
  byCustomer?: boolean;
}

export const ANY_STAFF: readonly StaffRole[] = ['associate', 'bench_jeweler', 'manager', 'owner'];
export const MANAGERS: readonly StaffRole[] = ['manager', 'owner'];
export const BENCH: readonly StaffRole[] = ['bench_jeweler', 'manager', 'owner'];

/**
 * A lifecycle's stages and actions as data: which actions each stage allows, and who may take
 * them. A new lifecycle is mostly one of these plus its procedure.
 */
export class StageTable<S extends string, A extends string> {
  constructor(
    readonly kind: JobKind,
    readonly stages: Readonly<Record<S, StageInfo<A>>>,
    readonly actions: Readonly<Record<A, ActionInfo>>,
  ) {}

  /** The actions `actor` may take now (all of the stage's, for no actor). */
  allowedActions(stage: S, actor?: Actor): A[] {
    return this.stages[stage].actions.filter((action) => !actor || this.mayTake(action, actor));
  }

  mayTake(action: A, actor: Actor): boolean {
    const info = this.actions[action];
    if (actor.kind === 'customer') return info.byCustomer === true;
    if (actor.kind === 'system') return true;
    return actor.role !== undefined && info.roles.includes(actor.role);
  }

  /** Refuses (409 with the allowed actions, or 403) unless `actor` may take `action` in `stage`. */
  require(stage: S, action: A, actor: Actor): void {
    if (!this.stages[stage].actions.includes(action)) {
      const allowed = this.allowedActions(stage);
      const options = allowed.length > 0 ? `allowed now: ${allowed.join(', ')}` : 'it allows no action now';
      refuse('STAGE_TRANSITION_NOT_ALLOWED', `A ${this.kind.replace('_', ' ')} in stage "${stage}" cannot ${this.actions[action]?.label ?? action}; ${options}.`, {
        currentStage: stage,
        action,
        allowedActions: allowed,
      });
    }
    if (!this.mayTake(action, actor)) {
      refuse('ROLE_NOT_ALLOWED', `${this.actions[action].label} is for ${this.actions[action].roles.join(', ')}${this.actions[action].byCustomer ? ' or the customer' : ''}.`, {
        action,
        role: actor.role ?? actor.kind,
        allowedRoles: this.actions[action].roles,
      });
    }
  }

  isFinal(stage: S): boolean {
    return this.stages[stage].final === true;
  }
}
