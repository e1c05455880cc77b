import type { UpdateDefinition } from '@temporalio/common';
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { type ApprovalRequest, Approvals } from '../shared/approvals.js';
import { workflowNow, workflowNowIso } from '../shared/clock.js';
import { CustodyBook, type HandOver } from '../shared/custody.js';
import { durationMs } from '../shared/duration.js';
import { type Actor, type JobSnapshot, NO_FLAGS, SYSTEM_ACTOR, formatMoney, isManager, quoteOf } from '../shared/job-model.js';
import { refuse } from '../shared/job-refusals.js';
import { CustomerNotices, JobJournal, JobSearchAttributes, alertStoreManagers, watchDeadline } from '../shared/job-runtime.js';
import { JobVerbs } from '../shared/job-verbs.js';
import { PromiseKeeper } from '../shared/promised-date.js';
import {
  type DesignVersion,
  type OrderState,
  type OrderStateView,
  type OrderTakeIn,
  type OrderWorkflowInput,
  type ProductionStep,
  addDesignVersionUpdate,
  cancelOrderUpdate,
  changeOrderPromisedDateUpdate,
  decideDesignUpdate,
  decideTryOnUpdate,
  failOrderQualityCheckUpdate,
  finishStepUpdate,
  getOrderStateQuery,
  handOverUpdate,
  moveOrderCustodyUpdate,
  passOrderQualityCheckUpdate,
  receiveStepFromVendorUpdate,
  recordOrderContactAttemptUpdate,
  recordOrderPaymentUpdate,
  sendStepToVendorUpdate,
  startProductionUpdate,
  startStepUpdate,
} from './contract.js';
import { ORDER_STAGE_TABLE as TABLE, type OrderAction, type OrderStage, PRODUCTION_STARTED_STAGES, orderSnapshotOf } from './stages.js';

/** Steps whose model the customer may try on before the metal is cast. */
const TRY_ON_KINDS: readonly ProductionStep['kind'][] = ['wax', 'print'];
/** From this step on, the customer's own stones travel with the piece (they are being set in it). */
const SETTING_KIND: ProductionStep['kind'] = 'setting';

/**
 * One custom order, from the consultation to the care reminder months after delivery. Staff and
 * the customer act through Updates; nothing is made before the customer approved the latest
 * design version and the deposit is paid; every fact is journaled to the projection and the
 * customer is told at each step.
 */
export async function customOrderWorkflow({ order, policy, carried }: OrderWorkflowInput): Promise<OrderStateView> {
  const job = carried ?? newOrderState(order);
  const approvals = new Approvals(job.approvals);
  const custody = new CustodyBook(job.items);
  const promise = new PromiseKeeper(job.promised, job.flags.overdue, job.delayNoticeSent);
  const searchAttributes = new JobSearchAttributes(order.orderNumber);
  const journal = new JobJournal(snapshot, job.journalSequence, (committed) =>
    searchAttributes.publish(
      { stage: committed.stage, assignee: committed.assignee?.id ?? null, promisedDeadlineAt: promise.current.deadlineAt || null, overdue: committed.flags.overdue },
      committed.stageLabel,
    ),
  );
  const notices = new CustomerNotices(order.jobId, 'custom_order');
  const sideEffects: Promise<void>[] = [];
  const { jobId } = order;

  // ---- The state, as the query answers it and continue-as-new carries it ----
  function state(): OrderState {
    return {
      ...job,
      items: custody.all,
      approvals: [...approvals.all],
      promised: promise.current,
      flags: { ...job.flags, overdue: promise.overdue },
      delayNoticeSent: promise.delayNoticeSent,
      paidMinor: paid(),
      amountDueMinor: amountDue(),
      journalSequence: journal.sequence,
    };
  }
  function view(): OrderStateView {
    return { ...state(), allowedActions: TABLE.allowedActions(job.stage) };
  }
  function snapshot(): JobSnapshot {
    return orderSnapshotOf(state());
  }

  // ---- Small verbs the procedure is written in (shared with every job lifecycle) ----
  const verbs = new JobVerbs(job, TABLE, journal, custody, notices, jobId, 'custom_order', 'order');
  const record = verbs.record.bind(verbs);
  const enterStage = verbs.enterStage.bind(verbs);
  const handOver = verbs.handOver.bind(verbs);
  const tell = verbs.tell.bind(verbs);
  const takePayments = verbs.takePayments.bind(verbs);
  function paid(): number {
    return job.payments.reduce((sum, payment) => sum + (payment.kind === 'refund' ? -payment.amount.amountMinor : payment.amount.amountMinor), 0);
  }
  /** What was paid toward the piece: everything, less a design fee the store does not credit. */
  function paidTowardThePiece(): number {
    const uncredited = policy.designFeeCredited === false ? job.payments.filter((payment) => payment.kind === 'design_fee').reduce((sum, payment) => sum + payment.amount.amountMinor, 0) : 0;
    return paid() - uncredited;
  }
  function amountDue(): number {
    return job.approvedDesign && !job.cancellation ? Math.max(0, job.approvedDesign.quote.totalMinor - paidTowardThePiece()) : 0;
  }
  function ownMaterialKeys(): string[] {
    return custody.all.filter((item) => item.key.startsWith('own-')).map((item) => item.key);
  }
  /** The piece, and from the setting on the customer's stones in it: what moves when the work moves. */
  function workKeys(): string[] {
    const setting = job.steps.find((step) => step.kind === SETTING_KIND);
    const stonesInPiece = setting !== undefined && setting.status !== 'pending';
    return ['piece', ...(stonesInPiece ? ownMaterialKeys() : [])];
  }
  function intoTheSafe(actor: Actor): void {
    handOver({ location: 'safe', holder: { kind: 'store', name: 'Shop' } }, actor, workKeys());
  }
  function step(key: string, field = 'stepKey'): ProductionStep {
    const found = job.steps.find((candidate) => candidate.key === key);
    if (!found) refuse('INVALID_REQUEST', `This order has no production step "${key}"; its steps are ${job.steps.map((candidate) => candidate.key).join(', ')}.`, { field, steps: job.steps.map((candidate) => candidate.key) }, 'UNKNOWN_STEP');
    return found;
  }
  function nextStep(): ProductionStep | undefined {
    return job.steps.find((candidate) => candidate.status !== 'done');
  }
  function latestDesign(): DesignVersion | undefined {
    return job.designs[job.designs.length - 1];
  }
  /** A step is done: the next one, the customer's try-on of the model, or the quality check. */
  function stepDone(done: ProductionStep, actor: Actor, how: string): void {
    done.status = 'done';
    done.reworkReason = null;
    job.assignee = null;
    record('step_finished', actor, `${done.label} ${how}`, { step: done.key });
    intoTheSafe(actor);
    if (job.tryOn && TRY_ON_KINDS.includes(done.kind)) {
      const request = approvals.open('try_on', null, { remindAfterMs: durationMs(policy.designReminderAfter), expireAfterMs: null }, actor);
      record('approval_requested', actor, `Try-on ${request.id}: the model is ready for the customer`, { approvalId: request.id, step: done.key });
      enterStage('awaiting_try_on', actor, 'Waiting for the customer to try the model on');
      tell('try_on_ready', { approvalId: request.id });
      return;
    }
    if (!nextStep()) enterStage('quality_check', actor, 'Waiting for the quality check');
  }
  /** Every step's workers: whoever worked on the piece last may not check it. */
  function workersOfLastStep(): string[] {
    return [...job.steps].reverse().find((candidate) => candidate.status === 'done')?.workedBy ?? [];
  }

  // ---- The consultation: the order's first facts exist before any handler is set ----
  if (!carried) {
    order.ownMaterials.forEach((material, index) =>
      custody.takeIn(`own-${index + 1}`, material.description, material.declaredValue, { location: 'counter', holder: { kind: 'staff', id: order.takenInBy.id, name: order.takenInBy.name } }),
    );
    record('taken_in', order.takenInBy, `Order ${order.orderNumber} taken: ${order.summary}`, {
      orderNumber: order.orderNumber,
      brief: order.brief,
      ownMaterials: order.ownMaterials,
      promisedBy: order.promised.date,
      rush: order.promised.rush,
    });
    record('stage_changed', order.takenInBy, 'Designing', { from: null, to: 'designing' });
    tell('received', { promisedBy: order.promised.date });
    if (order.designFee) sideEffects.push(takePayments([order.designFee], order.takenInBy, 'design-fee').then(() => journal.commit()));
    void journal.commit();
  }

  // ---- Actions: one Update each; the validator refuses (stage, role, rules), the handler acts ----
  function action<Request extends { actor: Actor }>(
    update: UpdateDefinition<OrderStateView, [Request]>,
    name: OrderAction,
    act: (request: Request) => void | Promise<void>,
    rules?: (request: Request) => void,
  ): void {
    verbs.action(update, name, act, view, rules);
  }
  /** An answer from any channel to a design or a try-on: the first answer stands, an older version is refused. */
  function answer<Request extends { actor: Actor; approvalId: string; decision: 'approve' | 'request_changes'; comment?: string; typedName?: string }>(
    update: UpdateDefinition<OrderStateView, [Request]>,
    name: OrderAction,
    decided: (request: ApprovalRequest, approved: boolean, answer: Request) => void,
  ): void {
    setHandler(
      update,
      async (answerRequest: Request) => {
        const { approvalId, decision, comment, typedName, actor } = answerRequest;
        const request = approvals.checkAnswer(approvalId);
        if (request.decision) return view();
        const outcome = decision === 'approve' ? 'approved' : 'changes_requested';
        approvals.decide(request, { outcome, actor, comment, typedName });
        record('approval_decided', actor, `${request.subject === 'design' ? 'Design' : 'Try-on'} ${request.id} ${outcome.replace('_', ' ')} by ${actor.name} (${actor.channel})${comment ? `: ${comment}` : ''}`, {
          approvalId,
          outcome,
          comment: comment ?? null,
          typedName: typedName ?? null,
        });
        decided(request, outcome === 'approved', answerRequest);
        await journal.commit();
        return view();
      },
      {
        validator: ({ approvalId, actor }: Request) => {
          if (approvals.checkAnswer(approvalId).decision) return;
          TABLE.require(job.stage, name, actor);
        },
      },
    );
  }

  setHandler(getOrderStateQuery, view);

  action(
    addDesignVersionUpdate,
    'addDesignVersion',
    ({ fileIds, notes, lines, extraRoundAgreement, actor }) => {
      const quote = quoteOf(lines, policy.currency);
      const request = approvals.open('design', quote, { remindAfterMs: durationMs(policy.designReminderAfter), expireAfterMs: null }, actor);
      const version: DesignVersion = { approvalId: request.id, version: request.version, fileIds, notes, quote, extraRoundAgreement: extraRoundAgreement ?? null };
      job.designs.push(version);
      job.approvedDesign = null;
      record('design_version_added', actor, `Design version ${version.version}: ${formatMoney(quote.totalMinor, quote.currency)}${extraRoundAgreement ? ` (extra round agreed: ${extraRoundAgreement})` : ''}`, {
        approvalId: request.id,
        version: version.version,
        fileIds,
        quote,
        extraRoundAgreement: version.extraRoundAgreement,
      });
      enterStage('awaiting_design_approval', actor, `Design version ${version.version} sent to the customer`);
      tell('design_ready', { approvalId: request.id, version: version.version, totalMinor: quote.totalMinor, currency: quote.currency });
    },
    ({ lines, extraRoundAgreement }) => {
      if (lines.length === 0) refuse('INVALID_REQUEST', 'A design version needs a quote of at least one line.', { field: 'lines' });
      const round = job.designs.length + 1;
      if (round > policy.designRoundsIncluded && !extraRoundAgreement?.trim()) {
        refuse('RULE_VIOLATION', `The order includes ${policy.designRoundsIncluded} design rounds; round ${round} needs the customer's agreement recorded (its fee in the quote).`, { roundsIncluded: policy.designRoundsIncluded, round }, 'EXTRA_ROUND_NEEDS_AGREEMENT');
      }
    },
  );

  answer(decideDesignUpdate, 'decideDesign', (request, approved, { actor }) => {
    if (!approved) {
      enterStage('designing', actor, `Changes requested to ${request.id}`);
      return;
    }
    const design = job.designs.find((candidate) => candidate.approvalId === request.id) ?? null;
    job.approvedDesign = design;
    job.depositRequiredMinor = Math.ceil(((design?.quote.totalMinor ?? 0) * policy.depositShareBps) / 10_000);
    enterStage('design_approved', actor, `Design ${request.id} approved`);
    tell('design_approved', { approvalId: request.id, depositDueMinor: Math.max(0, job.depositRequiredMinor - paidTowardThePiece()), currency: policy.currency });
  });

  action(
    startProductionUpdate,
    'startProduction',
    ({ steps, tryOn, promised, actor }) => {
      job.tryOn = tryOn;
      if (promised) {
        const before = promise.current.date;
        promise.plan(promised);
        record('promised_date_changed', actor, `Promised date ${before} → ${promised.date}: the production steps' lead times`, { from: before, to: promised.date, rush: promised.rush, reason: 'lead times' });
      }
      job.steps = steps.map((candidate) => ({ ...candidate, status: 'pending', artisan: null, vendor: null, workedBy: [], reworkReason: null }));
      custody.takeIn('piece', `${order.summary} (being made)`, null, { location: 'safe', holder: { kind: 'store', name: 'Shop' }, detail: 'in production' });
      record('production_started', actor, `Production: ${steps.map((candidate) => candidate.label).join(' → ')}${tryOn ? ' (with a try-on)' : ''}`, { steps, tryOn });
      enterStage('in_production', actor, 'In production');
      tell('production_started', { promisedBy: promise.current.date });
    },
    ({ steps, tryOn }) => {
      const latest = latestDesign();
      if (!job.approvedDesign || !latest || job.approvedDesign.approvalId !== latest.approvalId) {
        refuse('RULE_VIOLATION', `Production needs the customer's approval of the latest design${latest ? ` (${latest.approvalId})` : ''}.`, { missing: 'design_approval', latestDesign: latest?.approvalId ?? null }, 'DESIGN_NOT_APPROVED');
      }
      if (paidTowardThePiece() < job.depositRequiredMinor) {
        refuse('RULE_VIOLATION', `Production needs the deposit: ${formatMoney(job.depositRequiredMinor, policy.currency)} (paid ${formatMoney(paidTowardThePiece(), policy.currency)}).`, { missing: 'deposit', depositRequiredMinor: job.depositRequiredMinor, paidMinor: paidTowardThePiece() }, 'DEPOSIT_MISSING');
      }
      if (steps.length === 0 || new Set(steps.map((candidate) => candidate.key)).size !== steps.length) {
        refuse('INVALID_REQUEST', 'Production needs at least one step, each with its own key.', { field: 'steps' });
      }
      if (tryOn && !steps.some((candidate) => TRY_ON_KINDS.includes(candidate.kind))) {
        refuse('INVALID_REQUEST', 'A try-on needs a wax or printed model: add a wax or print step.', { field: 'tryOn' });
      }
    },
  );

  const theNextStep = (stepKey: string) => {
    const wanted = step(stepKey);
    const next = nextStep();
    if (next && next.key !== wanted.key) refuse('RULE_VIOLATION', `Steps go in order: "${next.key}" comes next.`, { stepKey, nextStep: next.key }, 'STEP_OUT_OF_ORDER');
    return wanted;
  };

  action(
    startStepUpdate,
    'startStep',
    ({ stepKey, artisan, actor }) => {
      const started = step(stepKey);
      started.status = 'in_progress';
      started.artisan = artisan;
      if (!started.workedBy.includes(artisan.id)) started.workedBy.push(artisan.id);
      job.assignee = artisan;
      record('step_started', actor, `${started.label} started by ${artisan.name}`, { step: started.key, artisan });
      handOver({ location: 'bench', holder: { kind: 'staff', id: artisan.id, name: artisan.name } }, actor, workKeys());
    },
    ({ stepKey }) => {
      const wanted = theNextStep(stepKey);
      if (wanted.status !== 'pending') refuse('RULE_VIOLATION', `${wanted.label} is ${wanted.status.replace('_', ' ')}.`, { stepKey, status: wanted.status }, 'STEP_NOT_PENDING');
    },
  );

  action(
    finishStepUpdate,
    'finishStep',
    ({ stepKey, note, actor }) => {
      const finished = step(stepKey);
      if (actor.id && !finished.workedBy.includes(actor.id)) finished.workedBy.push(actor.id);
      stepDone(finished, actor, `finished by ${actor.name}${note ? `: ${note}` : ''}`);
    },
    ({ stepKey }) => {
      const wanted = step(stepKey);
      if (wanted.status !== 'in_progress') refuse('RULE_VIOLATION', `${wanted.label} is ${wanted.status.replace('_', ' ')}, not in progress.`, { stepKey, status: wanted.status }, 'STEP_NOT_IN_PROGRESS');
    },
  );

  action(
    sendStepToVendorUpdate,
    'sendStepToVendor',
    ({ stepKey, vendor, reference, expectedBackAt, expectedBackOn, actor }) => {
      const sent = step(stepKey);
      sent.status = 'at_vendor';
      sent.vendor = { name: vendor, reference, sentOn: workflowNowIso(), expectedBackAt };
      if (!sent.workedBy.includes(`vendor:${vendor}`)) sent.workedBy.push(`vendor:${vendor}`);
      job.flags.vendorLate = false;
      record('sent_to_vendor', actor, `${sent.label}: sent to ${vendor} (ref. ${reference}), expected back ${expectedBackOn}`, { step: sent.key, vendor: sent.vendor });
      handOver({ location: 'vendor', holder: { kind: 'vendor', name: vendor }, detail: reference }, actor, workKeys());
    },
    ({ stepKey }) => {
      const wanted = theNextStep(stepKey);
      if (wanted.status === 'at_vendor' || wanted.status === 'done') refuse('RULE_VIOLATION', `${wanted.label} is ${wanted.status.replace('_', ' ')}.`, { stepKey, status: wanted.status }, 'STEP_NOT_PENDING');
    },
  );

  action(
    receiveStepFromVendorUpdate,
    'receiveStepFromVendor',
    ({ stepKey, note, actor }) => {
      const received = step(stepKey);
      if (job.flags.vendorLate) record('flag_cleared', actor, 'Back from the vendor', { flag: 'vendorLate' });
      job.flags.vendorLate = false;
      handOver({ location: 'counter', holder: { kind: 'staff', id: actor.id, name: actor.name } }, actor, workKeys());
      stepDone(received, actor, `back from ${received.vendor?.name ?? 'the vendor'}${note ? `: ${note}` : ''}`);
    },
    ({ stepKey }) => {
      const wanted = step(stepKey);
      if (wanted.status !== 'at_vendor') refuse('RULE_VIOLATION', `${wanted.label} is not at a vendor.`, { stepKey, status: wanted.status }, 'STEP_NOT_AT_VENDOR');
    },
  );

  answer(decideTryOnUpdate, 'decideTryOn', (request, approved, { comment, actor }) => {
    const model = [...job.steps].reverse().find((candidate) => candidate.status === 'done' && TRY_ON_KINDS.includes(candidate.kind));
    if (!approved && model) {
      model.status = 'pending';
      model.reworkReason = comment ?? 'changes after the try-on';
      enterStage('in_production', actor, `Back to ${model.label} after the try-on${comment ? `: ${comment}` : ''}`);
      return;
    }
    job.tryOn = false;
    if (nextStep()) enterStage('in_production', actor, `Try-on ${request.id} approved: production goes on`);
    else enterStage('quality_check', actor, 'Waiting for the quality check');
  });

  const notByTheLastWorkers = ({ actor }: { actor: Actor }) => {
    const workers = workersOfLastStep();
    if (actor.id && workers.includes(actor.id)) {
      refuse('RULE_VIOLATION', `${actor.name} worked on the last step; the quality check must be done by someone else.`, { workedBy: workers }, 'QC_BY_WORKER');
    }
  };

  action(
    passOrderQualityCheckUpdate,
    'passQualityCheck',
    ({ completionPhotoIds, note, actor }) => {
      record('qc_passed', actor, `Quality check passed by ${actor.name}${note ? `: ${note}` : ''}`, { round: job.qcRounds + 1, completionPhotoIds });
      intoTheSafe(actor);
      job.readyAt = workflowNowIso();
      job.pickupRemindersSent = 0;
      enterStage('ready', actor, 'Ready for the customer');
      tell('ready', { amountDueMinor: amountDue(), currency: policy.currency });
    },
    notByTheLastWorkers,
  );

  action(
    failOrderQualityCheckUpdate,
    'failQualityCheck',
    ({ backToStep, reason, actor }) => {
      job.qcRounds += 1;
      const index = job.steps.findIndex((candidate) => candidate.key === backToStep);
      for (const redo of job.steps.slice(index)) {
        redo.status = 'pending';
        redo.reworkReason = reason;
      }
      record('qc_failed', actor, `Quality check failed (round ${job.qcRounds}), back to ${job.steps[index].label}: ${reason}`, { reason, round: job.qcRounds, backToStep });
      enterStage('in_production', actor, `Back to ${job.steps[index].label}: ${reason}`);
    },
    (request) => {
      step(request.backToStep, 'backToStep');
      notByTheLastWorkers(request);
    },
  );

  action(
    handOverUpdate,
    'handOver',
    async ({ method, carrier, trackingNumber, payments, confirmation, idChecked, actor }) => {
      await takePayments(payments, actor, 'hand-over');
      const to: HandOver =
        method === 'shipping'
          ? { location: 'in_transit', holder: { kind: 'carrier', name: carrier ?? 'carrier' }, detail: trackingNumber }
          : { location: 'customer', holder: { kind: 'customer', id: order.customerId, name: 'Customer' } };
      job.handOver = { at: workflowNowIso(), recordedBy: actor, method, carrier: carrier ?? null, trackingNumber: trackingNumber ?? null, confirmation, idChecked };
      record('handed_over', actor, method === 'shipping' ? `Shipped with ${carrier} (${trackingNumber})` : `Handed over to the customer${idChecked ? ' (ID checked)' : ''}`, { method, carrier, trackingNumber, confirmation, idChecked });
      // A cancelled order hands back only the customer's own materials; a half-made piece stays the shop's.
      handOver(to, actor, job.cancellation ? ownMaterialKeys() : undefined);
      if (job.cancellation) {
        enterStage('cancelled', actor, "Cancelled; the customer's own materials returned");
        return;
      }
      job.deliveredAt = workflowNowIso();
      enterStage('delivered', actor, method === 'shipping' ? 'Shipped' : 'Picked up');
      tell(method === 'shipping' ? 'shipped' : 'delivered', { carrier: carrier ?? null, trackingNumber: trackingNumber ?? null });
    },
    ({ method, carrier, trackingNumber, payments, confirmation, idChecked }) => {
      if (method === 'shipping' && (!carrier?.trim() || !trackingNumber?.trim())) refuse('INVALID_REQUEST', 'A shipment needs its carrier and tracking number.', { field: 'trackingNumber' });
      if (method === 'pickup' && !confirmation.typedName?.trim() && !confirmation.signaturePhotoId) {
        refuse('INVALID_REQUEST', "The customer's confirmation is needed: a typed name or a signature.", { field: 'confirmation' });
      }
      for (const payment of payments) {
        if (payment.amount.currency !== policy.currency) refuse('INVALID_REQUEST', `Payments are taken in ${policy.currency}.`, { field: 'payments' });
      }
      const value = Math.max(job.approvedDesign?.quote.totalMinor ?? 0, ...custody.all.map((item) => item.declaredValue?.amountMinor ?? 0));
      if (method === 'pickup' && value >= policy.idCheckFromMinor && !idChecked) {
        refuse('RULE_VIOLATION', `A piece worth ${formatMoney(value, policy.currency)} is handed over only after an ID check.`, { idCheckFromMinor: policy.idCheckFromMinor }, 'ID_CHECK_REQUIRED');
      }
      const paidNow = payments.reduce((sum, payment) => sum + (payment.kind === 'refund' ? -payment.amount.amountMinor : payment.amount.amountMinor), 0);
      const left = amountDue() - paidNow;
      if (left > 0) refuse('RULE_VIOLATION', `${formatMoney(left, policy.currency)} is still due; record the payment with the hand-over.`, { amountDueMinor: amountDue(), paidNowMinor: paidNow }, 'BALANCE_DUE');
    },
  );

  action(
    cancelOrderUpdate,
    'cancelOrder',
    async ({ reason, keepMinor, actor }) => {
      const started = PRODUCTION_STARTED_STAGES.includes(job.stage);
      const refundable = paid();
      const kept = started ? (keepMinor ?? 0) : refundable - Math.floor((refundable * policy.refundBeforeProductionBps) / 10_000);
      const refund = refundable - kept;
      job.cancellation = { reason, keptMinor: kept, refundedMinor: refund };
      for (const request of approvals.all) if (!request.decision) approvals.decide(request, { outcome: 'withdrawn', actor, reason });
      record('cancelled', actor, `Cancelled by ${actor.name}: ${reason}; ${formatMoney(refund, policy.currency)} refunded, ${formatMoney(kept, policy.currency)} kept`, { reason, stage: job.stage, keptMinor: kept, refundedMinor: refund });
      if (refund > 0) await takePayments([{ kind: 'refund', amount: { amountMinor: refund, currency: policy.currency }, method: 'other' }], actor, 'cancel');
      const ownHeld = ownMaterialKeys().filter((key) => custody.item(key)?.custody.location !== 'customer');
      if (ownHeld.length > 0) {
        // The customer's own stones and metal go back to them: the order waits for that hand-over.
        handOver({ location: 'safe', holder: { kind: 'store', name: 'Shop' } }, actor, ownHeld);
        job.readyAt = workflowNowIso();
        enterStage('ready', actor, "Cancelled: the customer's own materials wait to be collected");
        tell('cancelled', { refundedMinor: refund, currency: policy.currency });
        return;
      }
      enterStage('cancelled', actor, `Cancelled: ${reason}`);
      tell('cancelled', { refundedMinor: refund, currency: policy.currency });
    },
    ({ keepMinor, actor }) => {
      if (job.cancellation) refuse('RULE_VIOLATION', 'The order is already cancelled; hand the customer their own materials back.', {}, 'ALREADY_CANCELLED');
      const started = PRODUCTION_STARTED_STAGES.includes(job.stage);
      if (started && !isManager(actor)) {
        refuse('ROLE_NOT_ALLOWED', 'Production has started: only a manager may cancel the order now.', { action: 'cancelOrder', role: actor.role ?? actor.kind }, 'CANCEL_IN_PRODUCTION_NEEDS_MANAGER');
      }
      if (keepMinor !== undefined && !started) refuse('RULE_VIOLATION', 'Before production the refund follows the store policy; nothing is kept by hand.', { field: 'keep' }, 'KEEP_ONLY_IN_PRODUCTION');
      if (keepMinor !== undefined && keepMinor > paid()) refuse('INVALID_REQUEST', `Only ${formatMoney(paid(), policy.currency)} was paid.`, { field: 'keep.amountMinor' });
    },
  );

  action(moveOrderCustodyUpdate, 'moveCustody', ({ location, holder, detail, actor }) => handOver({ location, holder, detail }, actor, custody.all.filter((item) => item.custody.location !== 'customer').map((item) => item.key)));

  action(
    changeOrderPromisedDateUpdate,
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

  action(recordOrderPaymentUpdate, 'recordPayment', ({ payment, actor }) => takePayments([payment], actor, 'payment'), ({ payment }) => {
    if (payment.amount.currency !== policy.currency) refuse('INVALID_REQUEST', `Payments are taken in ${policy.currency}.`, { field: 'amount.currency' });
    const quote = job.approvedDesign?.quote.totalMinor;
    if (payment.kind === 'deposit' && quote !== undefined && paidTowardThePiece() + payment.amount.amountMinor > quote) {
      refuse('INVALID_REQUEST', `A deposit of ${formatMoney(payment.amount.amountMinor, policy.currency)} would take the payments over the quote of ${formatMoney(quote, policy.currency)}.`, { field: 'amount.amountMinor' });
    }
  });

  action(recordOrderContactAttemptUpdate, 'recordContactAttempt', ({ channel, outcome, actor }) => {
    record('contact_attempt', actor, `Contacted by ${channel}: ${outcome}`, { channel, outcome });
  });

  // ---- Timers: each follows the state, so an action that moves a date moves its timer ----
  const finished = () => TABLE.isFinal(job.stage);
  const workOwed = () => !['ready', 'delivered', 'completed', 'cancelled'].includes(job.stage);
  const after = (from: string | null, delay: string) => (from ? Date.parse(from) + durationMs(delay as never) : null);
  const alert = (kind: 'vendor_late' | 'unclaimed', message: string) =>
    sideEffects.push(alertStoreManagers({ jobId, kind, message, dedupeKey: `${jobId}:${kind}:${journal.sequence}` }));
  const atVendor = () => job.steps.find((candidate) => candidate.status === 'at_vendor');
  const timers = [
    watchDeadline(
      () => approvals.reminderDueAt(),
      () => {
        const open = approvals.pending();
        if (!open) return;
        open.reminded = true;
        record('reminder_sent', SYSTEM_ACTOR, `Reminded the customer of ${open.id}`, { approvalId: open.id });
        tell(open.subject === 'design' ? 'design_reminder' : 'try_on_reminder', { approvalId: open.id });
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
      () => {
        const sent = atVendor();
        return sent?.vendor && !job.flags.vendorLate ? Date.parse(sent.vendor.expectedBackAt) : null;
      },
      () => {
        const sent = atVendor();
        job.flags.vendorLate = true;
        const message = `${order.orderNumber}: ${sent?.label} is late back from ${sent?.vendor?.name} (ref. ${sent?.vendor?.reference})`;
        record('flag_raised', SYSTEM_ACTOR, message, { flag: 'vendorLate', step: sent?.key });
        alert('vendor_late', message);
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => (job.stage === 'ready' && job.pickupRemindersSent < policy.pickupRemindersAfter.length ? after(job.readyAt, policy.pickupRemindersAfter[job.pickupRemindersSent]) : null),
      () => {
        job.pickupRemindersSent += 1;
        record('contact_attempt', SYSTEM_ACTOR, `Pickup reminder ${job.pickupRemindersSent} sent`, { channel: 'sms', outcome: 'reminder sent', reminder: job.pickupRemindersSent });
        tell('pickup_reminder', { reminder: job.pickupRemindersSent });
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => (job.stage === 'ready' && !job.flags.unclaimed ? after(job.readyAt, policy.unclaimedAfter) : null),
      () => {
        job.flags.unclaimed = true;
        const message = `${order.orderNumber} has not been collected since ${job.readyAt?.slice(0, 10)}: unclaimed, a manager decides`;
        record('flag_raised', SYSTEM_ACTOR, message, { flag: 'unclaimed' });
        alert('unclaimed', message);
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => (job.stage === 'delivered' && !job.followUps.thankYouSent ? after(job.deliveredAt, policy.thankYouAfter) : null),
      () => {
        job.followUps.thankYouSent = true;
        record('follow_up', SYSTEM_ACTOR, 'Thank-you sent', { kind: 'thank_you' });
        tell('thank_you');
        void journal.commit();
      },
      finished,
    ),
    watchDeadline(
      () => (job.stage === 'delivered' && job.followUps.thankYouSent && !job.followUps.careReminderSent ? after(job.deliveredAt, policy.careReminderAfter) : null),
      () => {
        job.followUps.careReminderSent = true;
        record('follow_up', SYSTEM_ACTOR, 'Care reminder sent', { kind: 'care_reminder' });
        tell('care_reminder');
        enterStage('completed', SYSTEM_ACTOR, 'Follow-up done');
        void journal.commit();
      },
      finished,
    ),
  ];
  const messagePump = notices.run(finished);

  // ---- Until the follow-up is done (or the order cancelled); a long history is handed to a fresh run ----
  const historyLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > policy.maxHistoryEvents;
  await condition(() => finished() || historyLong());
  if (!finished()) {
    await condition(() => notices.drained && allHandlersFinished());
    await journal.commit();
    await Promise.all(sideEffects);
    await continueAsNew<typeof customOrderWorkflow>({ order, policy, carried: state() });
  }
  await Promise.all([messagePump, ...timers, ...sideEffects, journal.commit()]);
  await condition(allHandlersFinished);
  return view();
}

function newOrderState(order: OrderTakeIn): OrderState {
  return {
    order,
    stage: 'designing',
    stageLabel: 'Designing your piece',
    stageSince: workflowNowIso(),
    items: [],
    promised: order.promised,
    flags: { ...NO_FLAGS, rush: order.promised.rush },
    delayNoticeSent: false,
    approvals: [],
    designs: [],
    approvedDesign: null,
    depositRequiredMinor: 0,
    tryOn: false,
    steps: [],
    assignee: null,
    qcRounds: 0,
    payments: [],
    paidMinor: 0,
    amountDueMinor: 0,
    readyAt: null,
    pickupRemindersSent: 0,
    handOver: null,
    deliveredAt: null,
    followUps: { thankYouSent: false, careReminderSent: false },
    cancellation: null,
    journalSequence: 0,
    recentEvents: [],
  };
}
