import { workflowNow, workflowNowIso } from './clock.js';
import type { Actor, Quote } from './job-model.js';
import { refuse } from './job-refusals.js';

export type ApprovalSubject = 'estimate' | 'design' | 'try_on';
export type ApprovalOutcome = 'approved' | 'declined' | 'changes_requested' | 'expired' | 'auto_approved' | 'superseded' | 'withdrawn';

export interface ApprovalDecision {
  outcome: ApprovalOutcome;
  actor: Actor;
  at: string;
  comment?: string;
  /** The customer's typed name, when they approved themselves (tracking page). */
  typedName?: string;
  /** Why it was approved without asking (under the go-ahead limit...). */
  reason?: string;
}

/** Something put to the customer: an estimate, a design version, a try-on. */
export interface ApprovalRequest {
  /** `estimate-2`, `design-3`: subject and version, what every channel's answer names. */
  id: string;
  subject: ApprovalSubject;
  version: number;
  quote: Quote | null;
  requestedAt: string;
  /** Epoch ms: when the customer is reminded, if still unanswered (null: no reminder). */
  remindAt: number | null;
  reminded: boolean;
  /** Epoch ms: when it lapses unanswered (null: never). */
  expiresAt: number | null;
  decision: ApprovalDecision | null;
}

export interface ApprovalTimings {
  remindAfterMs: number | null;
  expireAfterMs: number | null;
}

/**
 * The approvals of one job, every round kept. One decision per request, whatever the channel:
 * a second answer to a decided request changes nothing and gets the first answer back; an answer
 * to anything but the latest request is refused, naming the latest.
 */
export class Approvals {
  constructor(private readonly requests: ApprovalRequest[] = []) {}

  get all(): readonly ApprovalRequest[] {
    return this.requests;
  }

  /** The latest request of `subject`, decided or not. */
  latest(subject: ApprovalSubject): ApprovalRequest | undefined {
    return [...this.requests].reverse().find((request) => request.subject === subject);
  }

  pending(subject?: ApprovalSubject): ApprovalRequest | undefined {
    return this.requests.find((request) => !request.decision && (!subject || request.subject === subject));
  }

  /** Puts a new request to the customer; an older one still open is superseded (it can no longer be answered). */
  open(subject: ApprovalSubject, quote: Quote | null, { remindAfterMs, expireAfterMs }: ApprovalTimings, actor: Actor): ApprovalRequest {
    for (const older of this.requests) {
      if (older.subject === subject && !older.decision) older.decision = { outcome: 'superseded', actor, at: workflowNowIso() };
    }
    const version = this.requests.filter((request) => request.subject === subject).length + 1;
    const now = workflowNow();
    const request: ApprovalRequest = {
      id: `${subject}-${version}`,
      subject,
      version,
      quote,
      requestedAt: workflowNowIso(),
      remindAt: remindAfterMs === null ? null : now + remindAfterMs,
      reminded: false,
      expiresAt: expireAfterMs === null ? null : now + expireAfterMs,
      decision: null,
    };
    this.requests.push(request);
    return request;
  }

  /** A request approved on the spot (under the go-ahead limit): recorded as such, never put to the customer. */
  recordAutoApproval(subject: ApprovalSubject, quote: Quote | null, actor: Actor, reason: string): ApprovalRequest {
    const request = this.open(subject, quote, { remindAfterMs: null, expireAfterMs: null }, actor);
    request.decision = { outcome: 'auto_approved', actor, at: workflowNowIso(), reason };
    return request;
  }

  /**
   * For an Update's validator: the answer must name the latest request of its subject. Returns the
   * earlier decision when the request was already answered (the handler then changes nothing).
   */
  checkAnswer(requestId: string): ApprovalRequest {
    const request = this.requests.find((candidate) => candidate.id === requestId);
    const latest = request && this.latest(request.subject);
    if (!request || !latest) {
      const open = this.pending();
      refuse('RULE_VIOLATION', `There is no request "${requestId}" to answer${open ? `; the open one is "${open.id}"` : ''}.`, { requestId, latestRequestId: open?.id ?? null }, 'UNKNOWN_APPROVAL_REQUEST');
    }
    if (request.id !== latest.id && (!request.decision || request.decision.outcome === 'superseded')) {
      refuse('RULE_VIOLATION', `"${request.id}" is not the latest ${request.subject}; answer "${latest.id}".`, { requestId, latestRequestId: latest.id }, 'STALE_APPROVAL_REQUEST');
    }
    return request;
  }

  decide(request: ApprovalRequest, decision: Omit<ApprovalDecision, 'at'>): ApprovalDecision {
    if (request.decision) return request.decision;
    request.decision = { ...decision, at: workflowNowIso() };
    return request.decision;
  }

  /** When the open request's reminder is due (null: none due). */
  reminderDueAt(): number | null {
    const open = this.pending();
    return open && !open.reminded && open.remindAt !== null ? open.remindAt : null;
  }

  expiryDueAt(): number | null {
    return this.pending()?.expiresAt ?? null;
  }
}
