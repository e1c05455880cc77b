import type { UpdateDefinition } from '@temporalio/common';
import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { Approvals } from '../shared/approvals.js';
import { workflowNow, workflowNowIso } from '../shared/clock.js';
import { CustodyBook, type HandOver } from '../shared/custody.js';
import { durationMs } from '../shared/duration.js';
import { type Actor, NO_FLAGS, SYSTEM_ACTOR, type JobSnapshot, type PriceLine, formatMoney, isManager, quoteOf } from '../shared/job-model.js';
import { refuse } from '../shared/job-refusals.js';
import { CustomerNotices, JobJournal, JobSearchAttributes, alertStoreManagers, watchDeadline } from '../shared/job-runtime.js';
import { JobVerbs } from '../shared/job-verbs.js';
import { PromiseKeeper } from '../shared/promised-date.js';
import {
  type RepairState,
  type RepairStateView,
  type RepairTakeIn,
  type RepairWorkflowInput,
  assignBenchUpdate,
  cancelRepairUpdate,
  changePromisedDateUpdate,
  decideEstimateUpdate,
  failQualityCheckUpdate,
  finishWorkUpdate,
  getRepairStateQuery,
  moveCustodyUpdate,
  passQualityCheckUpdate,
  provideEstimateUpdate,
  receiveFromVendorUpdate,
  recordContactAttemptUpdate,
  recordPaymentUpdate,
  recordPickupUpdate,
  sendToVendorUpdate,
} from './contract.js';
import type { LegacyRepairJobInput, LegacyRepairJobState } from './legacy-v1.contract.js';
import { legacyRepairJob } from './legacy-v1.workflow.js';
import { REPAIR_STAGE_TABLE as TABLE, type RepairAction, type RepairStage, WORK_FINISHED_STAGES, repairSnapshotOf } from './stages.js';

/** Patch id: jobs started after it run the full repair lifecycle; older ones finish on the first procedure. */
export const FULL_REPAIR_LIFECYCLE = 'full-repair-lifecycle';

/**
 * One repair job, from take-in until the piece has left the shop. Staff and the customer act
 * through Updates (one per action); timers remind, expire, flag; every fact is journaled to the
 * projection and the customer is told at each step.
 */
export async function repairJobWorkflow(input: RepairWorkflowInput | LegacyRepairJobInput): Promise<RepairStateView | LegacyRepairJobState> {
  if (!patched(FULL_REPAIR_LIFECYCLE)) return legacyRepairJob(input as LegacyRepairJobInput);
  return runRepair(input as RepairWorkflowInput);
}

async function runRepair({ takeIn, policy, carried }: RepairWorkflowInput): Promise<RepairStateView> {
  const job = carried ?? newRepairState(takeIn);
  const approvals = new Approvals(job.approvals);
  const custody = new CustodyBook(job.items);
  const promise = new PromiseKeeper(job.promised, job.flags.overdue, job.delayNoticeSent);
  const searchAttributes = new JobSearchAttributes(takeIn.jobNumber);
  const journal = new JobJournal(snapshot, job.journalSequence, (committed) =>
    searchAttributes.publish(
      { stage: committed.stage, assignee: committed.assignee?.id ?? null, promisedDeadlineAt: promise.current.deadlineAt || null, overdue: committed.flags.overdue },
      committed.stageLabel,
    ),
  );
  const notices = new CustomerNotices(takeIn.jobId, 'repair');
  const sideEffects: Promise<void>[] = [];
  const { jobId } = takeIn;

  // ---- The state, as the query answers it and continue-as-new carries it ----
  function state(): RepairState {
    return {
      ...job,
      items: custody.all,
      approvals: [...approvals.all],
      promised: promise.current,
      flags: { ...job.flags, overdue: promise.overdue },
      delayNoticeSent: promise.delayNoticeSent,
      amountDueMinor: amountDue(),
      journalSequence: journal.sequence,
    };
  }
  function view(): RepairStateView {
    return { ...state(), allowedActions: TABLE.allowedActions(job.stage) };
  }
  function snapshot(): JobSnapshot {
    return repairSnapshotOf(state());
  }

  // ---- Small verbs the procedure is written in (shared with every job lifecycle) ----
  const verbs = new JobVerbs(job, TABLE, journal, custody, notices, jobId, 'repair', 'repair');
  const record = verbs.record.bind(verbs);
  const enterStage = verbs.enterStage.bind(verbs);
  const handOver = (to: HandOver, actor: Actor) => verbs.handOver(to, actor);
  const tell = verbs.tell.bind(verbs);
  const takePayments = verbs.takePayments.bind(verbs);
  function approvedTotal(): number {
    if (job.outcome === 'returned_unrepaired' || job.outcome === 'cancelled') return 0;
    const approved = [...approvals.all].reverse().find((request) => request.subject === 'estimate' && (request.decision?.outcome === 'approved' || request.decision?.outcome === 'auto_approved'));
    return approved?.quote?.totalMinor ?? 0;
  }
  function amountDue(): number {
    const paid = job.payments.reduce((sum, payment) => sum + (payment.kind === 'refund' ? -payment.amount.amountMinor : payment.amount.amountMinor), 0);
    return Math.max(0, approvedTotal() - paid);
  }
  function staffHolder(actor: Actor) {
    return { kind: 'staff' as const, id: actor.id, name: actor.name };
  }

  function approveWork(actor: Actor, why: string): void {
    enterStage('approved', actor, why);
  }
  function returnUnrepaired(outcome: 'returned_unrepaired' | 'cancelled', reason: string, actor: Actor): void {
    job.outcome = outcome;
    job.returnReason = reason;
    for (const request of approvals.all) if (!request.decision) approvals.decide(request, { outcome: 'withdrawn', actor, reason });
    if (custody.main.custody.location === 'bench') handOver({ location: 'safe', holder: { kind: 'store', name: 'Shop' } }, actor);
    becomeReady(actor, `Goes back unrepaired: ${reason}`);
    tell('returned', { reason });
  }
  function becomeReady(actor: Actor, why: string): void {
    job.readyAt = workflowNowIso();
    job.pickupRemindersSent = 0;
    enterStage('ready_for_pickup', actor, why);
  }
  function applyEstimate(lines: PriceLine[], actor: Actor, note?: string): void {
    const quote = quoteOf(lines, policy.currency);
    job.estimate = quote;
    record('estimate_provided', actor, `Estimate: ${formatMoney(quote.totalMinor, quote.currency)}`, { quote, note: note ?? null });
    const limit = takeIn.goAheadLimit?.currency === quote.currency ? takeIn.goAheadLimit.amountMinor : 0;
    const underLimit = quote.totalMinor <= Math.max(limit, policy.autoApproveMinor);
    if (underLimit) {
      const reason = quote.totalMinor <= limit ? `within the customer's go-ahead limit of ${formatMoney(limit, quote.currency)}` : `within the store's auto-approve amount of ${formatMoney(policy.autoApproveMinor, quote.currency)}`;
      const request = approvals.recordAutoApproval('estimate', quote, SYSTEM_ACTOR, reason);
      record('approval_decided', SYSTEM_ACTOR, `Estimate approved at once, ${reason}`, { approvalId: request.id, outcome: 'auto_approved' });
      approveWork(SYSTEM_ACTOR, 'Estimate approved');
      return;
    }
    const request = approvals.open('estimate', quote, { remindAfterMs: durationMs(policy.estimateReminderAfter), expireAfterMs: durationMs(policy.estimateExpiresAfter) }, actor);
    record('approval_requested', actor, `Estimate ${request.id} sent to the customer`, { approvalId: request.id, expiresAt: new Date(request.expiresAt ?? 0).toISOString() });
    if (job.stage !== 'awaiting_approval') enterStage('awaiting_approval', actor, 'Waiting for the customer to approve the estimate');
    tell('estimate_ready', { approvalId: request.id, totalMinor: quote.totalMinor, currency: quote.currency });
  }
  // ---- Take-in: the job's first facts exist before any handler is set (an Update may come with the start) ----
  if (!carried) {
    custody.takeIn('piece', takeIn.itemDescription, takeIn.declaredValue, { location: 'counter', holder: staffHolder(takeIn.takenInBy) });
    record('taken_in', takeIn.takenInBy, `Taken in as ${takeIn.jobNumber} (job ${takeIn.itemIndex} of ${takeIn.itemCount}): ${takeIn.itemDescription}`, {
      ticketNumber: takeIn.ticketNumber,
      jobNumber: takeIn.jobNumber,
      declaredValue: takeIn.declaredValue,
      workRequested: takeIn.workRequested,
      goAheadLimit: takeIn.goAheadLimit,
      promisedBy: takeIn.promised.date,
      rush: takeIn.promised.rush,
    });
    record('stage_changed', takeIn.takenInBy, 'Received', { from: null, to: 'received' });
    tell('received', { promisedBy: takeIn.promised.date });
    if (takeIn.estimate) applyEstimate(takeIn.estimate, takeIn.takenInBy);
    void journal.commit();
  }

  // ---- Actions: one Update each; the validator refuses (stage, role, rules), the handler acts ----
  function action<Request extends { actor: Actor }>(
    update: UpdateDefinition<RepairStateView, [Request]>,
    name: RepairAction,
    act: (request: Request) => void | Promise<void>,
    rules?: (request: Request) => void,
  ): void {
    verbs.action(update, name, act, view, rules);
  }

  setHandler(getRepairStateQuery, view);

  action(provideEstimateUpdate, 'provideEstimate', ({ lines, note, actor }) => applyEstimate(lines, actor, note), ({ lines }) => {
    if (lines.length === 0) refuse('INVALID_REQUEST', 'An estimate needs at least one line.', { field: 'lines' });
  });

  // An answer from any channel: staff at the counter or on the phone, an SMS reply, the tracking page.
  setHandler(
    decideEstimateUpdate,
    async ({ approvalId, decision, typedName, comment, actor }) => {
      const request = approvals.checkAnswer(approvalId);
      if (request.decision) return view(); // answered before: the first answer stands
      const outcome = decision === 'approve' ? 'approved' : 'declined';
      approvals.decide(request, { outcome, actor, typedName, comment });
      record('approval_decided', actor, `Estimate ${outcome} by ${actor.name} (${actor.channel})`, { approvalId, outcome, typedName: typedName ?? null, comment: comment ?? null });
      if (outcome === 'approved') {
        approveWork(actor, 'Estimate approved');
        tell('approved', { totalMinor: request.quote?.totalMinor ?? 0, currency: request.quote?.currency ?? policy.currency });
      } else {
        returnUnrepaired('returned_unrepaired', 'estimate declined', actor);
      }
      await journal.commit();
      return view();
    },
    {
      validator: ({ approvalId, actor }) => {
        if (approvals.checkAnswer(approvalId).decision) return;
        TABLE.require(job.stage, 'decideEstimate', actor);
      },
    },
  );

  action(assignBenchUpdate, 'assignBench', ({ jeweler, actor }) => {
    const reassigned = job.assignee !== null;
    job.assignee = jeweler;
    if (!job.workedBy.includes(jeweler.id)) job.workedBy.push(jeweler.id);
    record('assigned', actor, `${reassigned ? 'Reassigned' : 'Assigned'} to ${jeweler.name}`, { assignee: jeweler });
    handOver({ location: 'bench', holder: { kind: 'staff', id: jeweler.id, name: jeweler.name } }, actor);
    if (job.stage !== 'in_work') enterStage('in_work', actor, `At the bench of ${jeweler.name}`);
  });

  action(sendToVendorUpdate, 'sendToVendor', ({ vendor, reference, expectedBackAt, expectedBackOn, actor }) => {
    job.vendor = { name: vendor, reference, sentOn: workflowNowIso(), expectedBackAt };
    job.flags.vendorLate = false;
    const worker = `vendor:${vendor}`;
    if (!job.workedBy.includes(worker)) job.workedBy.push(worker);
    handOver({ location: 'vendor', holder: { kind: 'vendor', name: vendor }, detail: reference }, actor);
    enterStage('at_vendor', actor, `Sent to ${vendor} (ref. ${reference}), expected back ${expectedBackOn}`);
  });

  action(receiveFromVendorUpdate, 'receiveFromVendor', ({ next, note, actor }) => {
    if (job.flags.vendorLate) record('flag_cleared', actor, 'Back from the vendor', { flag: 'vendorLate' });
    job.flags.vendorLate = false;
    record('received_from_vendor', actor, `Back from ${job.vendor?.name ?? 'the vendor'}${note ? `: ${note}` : ''}`, { vendor: job.vendor });
    handOver({ location: 'counter', holder: staffHolder(actor) }, actor);
    if (next === 'quality_check') enterStage('quality_check', actor, 'Waiting for the quality check');
    else if (job.assignee) {
      handOver({ location: 'bench', holder: { kind: 'staff', ...job.assignee } }, actor);
      enterStage('in_work', actor, `Back at the bench of ${job.assignee.name}`);
    } else enterStage('approved', actor, 'Waiting for the bench');
  });

  action(finishWorkUpdate, 'finishWork', ({ note, actor }) => {
    if (actor.id && !job.workedBy.includes(actor.id)) job.workedBy.push(actor.id);
    record('work_finished', actor, `Work finished by ${actor.name}${note ? `: ${note}` : ''}`);
    enterStage('quality_check', actor, 'Waiting for the quality check');
  });

  // Quality check by someone other than whoever worked on the piece.
  const notByAWorker = ({ actor }: { actor: Actor }) => {
    if (actor.id && job.workedBy.includes(actor.id)) {
      refuse('RULE_VIOLATION', `${actor.name} worked on this piece; the quality check must be done by someone else.`, { workedBy: job.workedBy }, 'QC_BY_WORKER');
    }
  };

  action(
    passQualityCheckUpdate,
    'passQualityCheck',
    ({ completionPhotoIds, note, actor }) => {
      job.completionPhotoIds = [...job.completionPhotoIds, ...completionPhotoIds];
      job.outcome = 'repaired';
      record('qc_passed', actor, `Quality check passed by ${actor.name}${note ? `: ${note}` : ''}`, { round: job.qcRounds + 1, completionPhotoIds });
      handOver({ location: 'safe', holder: { kind: 'store', name: 'Shop' } }, actor);
      becomeReady(actor, 'Ready for pickup');
      tell('ready', { amountDueMinor: amountDue(), currency: policy.currency });
    },
    notByAWorker,
  );

  action(
    failQualityCheckUpdate,
    'failQualityCheck',
    ({ reason, actor }) => {
      job.qcRounds += 1;
      record('qc_failed', actor, `Quality check failed (round ${job.qcRounds}): ${reason}`, { reason, round: job.qcRounds });
      if (job.assignee) handOver({ location: 'bench', holder: { kind: 'staff', ...job.assignee } }, actor);
      enterStage('in_work', actor, `Back to the bench: ${reason}`);
    },
    notByAWorker,
  );

  action(
    recordPickupUpdate,
    'recordPickup',
    async ({ payments, confirmation, idChecked, waiveBalanceReason, actor }) => {
      await takePayments(payments, actor, 'pickup');
      const waived = amountDue();
      if (waived > 0) record('balance_waived', actor, `Balance of ${formatMoney(waived, policy.currency)} waived: ${waiveBalanceReason}`, { amountMinor: waived, reason: waiveBalanceReason });
      const warrantyEndsOn = job.outcome === 'repaired' ? new Date(workflowNow() + durationMs(policy.warrantyPeriod)).toISOString() : null;
      job.pickup = { at: workflowNowIso(), recordedBy: actor, confirmation, idChecked, warrantyEndsOn };
      record('picked_up', actor, `Handed over to the customer${idChecked ? ' (ID checked)' : ''}`, { confirmation, idChecked, warrantyEndsOn });
      handOver({ location: 'customer', holder: { kind: 'customer', id: takeIn.customerId, name: 'Customer' } }, actor);
      enterStage('picked_up', actor, 'Picked up');
      tell('picked_up', { warrantyEndsOn });
    },
    ({ payments, confirmation, idChecked, waiveBalanceReason, actor }) => {
      if (!confirmation.typedName?.trim() && !confirmation.signaturePhotoId) {
        refuse('INVALID_REQUEST', "The customer's confirmation is needed: a typed name or a signature.", { field: 'confirmation' });
      }
      for (const payment of payments) {
        if (payment.amount.currency !== policy.currency) refuse('INVALID_REQUEST', `Payments are taken in ${policy.currency}.`, { field: 'payments' });
      }
      if (takeIn.declaredValue.amountMinor >= policy.idCheckFromMinor && !idChecked) {
        refuse('RULE_VIOLATION', `A piece declared at ${formatMoney(takeIn.declaredValue.amountMinor, takeIn.declaredValue.currency)} is handed over only after an ID check.`, { idCheckFromMinor: policy.idCheckFromMinor }, 'ID_CHECK_REQUIRED');
      }
      const paidNow = payments.reduce((sum, payment) => sum + (payment.kind === 'refund' ? -payment.amount.amountMinor : payment.amount.amountMinor), 0);
      const left = amountDue() - paidNow;
      if (left > 0 && !waiveBalanceReason) {
        refuse('RULE_VIOLATION', `${formatMoney(left, policy.currency)} is still due; record the payment, or a manager may waive it with a reason.`, { amountDueMinor: amountDue(), paidNowMinor: paidNow }, 'BALANCE_DUE');
      }
      if (left > 0 && !isManager(actor)) refuse('ROLE_NOT_ALLOWED', 'Only a manager may hand a piece over with a balance unpaid.', { action: 'recordPickup', role: actor.role ?? actor.kind });
    },
  );

  action(
    cancelRepairUpdate,
    'cancelRepair',
    ({ reason, actor }) => {
      record('cancelled', actor, `Cancelled by ${actor.name}: ${reason}`, { reason, stage: job.stage });
      returnUnrepaired('cancelled', reason, actor);
    },
    ({ actor }) => {
      if (WORK_FINISHED_STAGES.includes(job.stage) && !isManager(actor)) {
        refuse('ROLE_NOT_ALLOWED', 'The work is finished: only a manager may cancel the repair now.', { action: 'cancelRepair', role: actor.role ?? actor.kind }, 'CANCEL_AFTER_WORK_NEEDS_MANAGER');
      }
    },
  );

  action(moveCustodyUpdate, 'moveCustody', ({ location, holder, detail, actor }) => handOver({ location, holder, detail }, actor));

  action(
    changePromisedDateUpdate,
    'changePromisedDate',
    ({ promised, reason, actor }) => {
      const before = promise.current.date;
      const { notifyDelay } = promise.change(promised, workflowNow());
      job.flags.rush = promised.rush;
      record('promised_date_changed', actor, `Promised date ${before} → ${promised.date}: ${reason}`, { from: before, to: promised.date, rush: promised.rush, reason });
      if (notifyDelay) tell('delayed', { promisedBy: promised.date });
    },
    ({ promised, actor }) => {
      if (Date.parse(promised.deadlineAt) <= workflowNow()) refuse('INVALID_REQUEST', `The promised date ${promised.date} has passed.`, { field: 'promisedBy' });
      if (promised.rush && !isManager(actor)) refuse('ROLE_NOT_ALLOWED', 'A rush date (sooner than the store default) needs a manager.', { action: 'changePromisedDate', role: actor.role ?? actor.kind }, 'RUSH_NEEDS_MANAGER');
    },
  );

  action(recordPaymentUpdate, 'recordPayment', ({ payment, actor }) => takePayments([payment], actor, 'payment'), ({ payment }) => {
    if (payment.amount.currency !== policy.currency) refuse('INVALID_REQUEST', `Payments are taken in ${policy.currency}.`, { field: 'amount.currency' });
  });

  action(recordContactAttemptUpdate, 'recordContactAttempt', ({ channel, outcome, actor }) => {
    record('contact_attempt', actor, `Contacted by ${channel}: ${outcome}`, { channel, outcome });
  });

  // ---- Timers: each follows the state, so an action that moves a date moves its timer ----
  const finished = () => TABLE.isFinal(job.stage);
  const workOwed = () => job.outcome === 'in_progress' && !['ready_for_pickup', 'picked_up'].includes(job.stage);
  const readyFor = (delay: string) => (job.readyAt ? Date.parse(job.readyAt) + durationMs(delay as never) : null);
  const alert = (kind: 'vendor_late' | 'unclaimed', message: string) =>
    sideEffects.push(alertStoreManagers({ jobId, kind, message, dedupeKey: `${jobId}:${kind}:${journal.sequence}` }));
  const timers = [
    watchDeadline(
      () => approvals.reminderDueAt(),
      () => {
        const open = approvals.pending('estimate');
        if (!open) return;
        open.reminded = true;
        record('reminder_sent', SYSTEM_ACTOR, `Reminded the customer of estimate ${open.id}`, { approvalId: open.id });
        tell('estimate_reminder', { approvalId: open.id, totalMinor: open.quote?.totalMinor ?? 0, currency: open.quote?.currency ?? policy.currency });
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => approvals.expiryDueAt(),
      () => {
        const open = approvals.pending('estimate');
        if (!open) return;
        approvals.decide(open, { outcome: 'expired', actor: SYSTEM_ACTOR });
        record('approval_decided', SYSTEM_ACTOR, `Estimate ${open.id} expired unanswered`, { approvalId: open.id, outcome: 'expired' });
        returnUnrepaired('returned_unrepaired', 'estimate expired unanswered', SYSTEM_ACTOR);
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => promise.overdueAt(workOwed()),
      () => {
        const notify = promise.markOverdue();
        record('flag_raised', SYSTEM_ACTOR, `Overdue: promised by ${promise.current.date}`, { flag: 'overdue', promisedBy: promise.current.date });
        if (notify) tell('delayed', { promisedBy: null });
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => (job.stage === 'at_vendor' && job.vendor && !job.flags.vendorLate ? Date.parse(job.vendor.expectedBackAt) : null),
      () => {
        job.flags.vendorLate = true;
        const message = `${takeIn.jobNumber} is late back from ${job.vendor?.name} (ref. ${job.vendor?.reference})`;
        record('flag_raised', SYSTEM_ACTOR, message, { flag: 'vendorLate' });
        alert('vendor_late', message);
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => (job.stage === 'ready_for_pickup' && job.pickupRemindersSent < policy.pickupRemindersAfter.length ? readyFor(policy.pickupRemindersAfter[job.pickupRemindersSent]) : null),
      () => {
        job.pickupRemindersSent += 1;
        record('contact_attempt', SYSTEM_ACTOR, `Pickup reminder ${job.pickupRemindersSent} sent`, { channel: 'sms', outcome: 'reminder sent', reminder: job.pickupRemindersSent });
        tell('pickup_reminder', { reminder: job.pickupRemindersSent });
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => (job.stage === 'ready_for_pickup' && !job.flags.unclaimed ? readyFor(policy.unclaimedAfter) : null),
      () => {
        job.flags.unclaimed = true;
        const message = `${takeIn.jobNumber} has not been collected since ${job.readyAt?.slice(0, 10)}: unclaimed, a manager decides`;
        record('flag_raised', SYSTEM_ACTOR, message, { flag: 'unclaimed' });
        alert('unclaimed', message);
        void journal.commit();
      },
      finished,
    ),
  ];
  const messagePump = notices.run(finished);

  // ---- Until the piece has left the shop; a long history is handed to a fresh run ----
  const historyLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > policy.maxHistoryEvents;
  await condition(() => finished() || historyLong());
  if (!finished()) {
    await condition(() => notices.drained && allHandlersFinished());
    await journal.commit();
    await Promise.all(sideEffects);
    await continueAsNew<typeof repairJobWorkflow>({ takeIn, policy, carried: state() });
  }
  await Promise.all([messagePump, ...timers, ...sideEffects, journal.commit()]);
  await condition(allHandlersFinished);
  return view();
}

function newRepairState(takeIn: RepairTakeIn): RepairState {
  return {
    takeIn,
    stage: 'received',
    stageLabel: 'Received, waiting for an estimate',
    stageSince: workflowNowIso(),
    outcome: 'in_progress',
    returnReason: null,
    items: [],
    promised: takeIn.promised,
    flags: { ...NO_FLAGS, rush: takeIn.promised.rush },
    delayNoticeSent: false,
    approvals: [],
    estimate: null,
    assignee: null,
    workedBy: [],
    vendor: null,
    qcRounds: 0,
    completionPhotoIds: [],
    payments: [],
    amountDueMinor: 0,
    readyAt: null,
    pickupRemindersSent: 0,
    pickup: null,
    journalSequence: 0,
    recentEvents: [],
  };
}
