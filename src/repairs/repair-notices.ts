import { type NoticeComposer, type NoticeContext, type NoticeValues, amountNote, delayNote, formatDay, noticeMoney } from '../jobs/customer-notices.js';
import { type NoticeKind, noticeKind } from '../messaging/templates/notice-catalog.js';

/**
 * What a repair customer reads at each step: short (one or two SMS segments), with the job number
 * and the tracking link, and no personal data beyond what the customer already knows.
 */
export const REPAIR_NOTICES: readonly NoticeKind[] = [
  noticeKind('repair.received', 'The piece is checked in.', {
    sms: '{{storeName}}: we have your piece ({{jobNumber}}), promised by {{promisedDate}}. Track: {{trackingLink}}',
    subject: 'We have your piece ({{jobNumber}})',
  }),
  noticeKind('repair.estimate_ready', 'An estimate over the go-ahead limit waits for the customer.', {
    sms: '{{storeName}}: the estimate for {{jobNumber}} is {{amount}}. Reply YES to go ahead or NO to decline, or answer here: {{trackingLink}}',
    subject: 'Your estimate for {{jobNumber}}: {{amount}}',
    variables: { amount: '$185.00' },
  }),
  noticeKind('repair.estimate_reminder', 'The estimate is still unanswered after the reminder delay.', {
    sms: '{{storeName}}: a reminder that the estimate for {{jobNumber}} ({{amount}}) is waiting for your answer. Reply YES or NO, or: {{trackingLink}}',
    subject: 'Your estimate for {{jobNumber}} is waiting for you',
    variables: { amount: '$185.00' },
  }),
  noticeKind('repair.approved', 'The estimate is approved (by the customer or automatically).', {
    sms: '{{storeName}}: thank you, the repair of {{jobNumber}} is approved ({{amount}}). Track: {{trackingLink}}',
    subject: 'Repair approved ({{jobNumber}})',
    variables: { amount: '$185.00' },
  }),
  noticeKind('repair.returned', 'The piece goes back unrepaired (declined, expired or not repairable).', {
    sms: '{{storeName}}: your piece ({{jobNumber}}) is ready to collect unrepaired ({{reason}}); no charge. Track: {{trackingLink}}',
    subject: 'Your piece ({{jobNumber}}) is ready to collect',
    variables: { reason: 'declined' },
  }),
  noticeKind('repair.ready', 'The repair passed QC and waits for pickup.', {
    sms: '{{storeName}}: your piece ({{jobNumber}}) is ready for pickup; please bring photo ID.{{balanceNote}} {{trackingLink}}',
    subject: 'Your piece ({{jobNumber}}) is ready for pickup',
    variables: { balanceNote: ' Balance due: $85.00.' },
  }),
  noticeKind('repair.pickup_reminder', 'The piece is still waiting after a pickup reminder delay.', {
    sms: '{{storeName}}: a reminder that your piece ({{jobNumber}}) is ready and waiting for you. {{trackingLink}}',
    subject: 'Your piece ({{jobNumber}}) is waiting for you',
  }),
  noticeKind('repair.picked_up', 'The customer collected the piece.', {
    sms: '{{storeName}}: thank you for collecting {{jobNumber}}.{{warrantyNote}}',
    subject: 'Thank you for collecting {{jobNumber}}',
    variables: { warrantyNote: ' Our work is guaranteed until Jun 7.' },
  }),
  noticeKind('repair.delayed', 'The job is past its promised date (once), or the date moved.', {
    sms: "{{storeName}}: we're sorry, your piece ({{jobNumber}}) needs more time.{{delayNote}} Track: {{trackingLink}}",
    subject: 'Your piece ({{jobNumber}}) needs more time',
    variables: { delayNote: ' We now expect it by Dec 14.' },
  }),
];

/** The values of the repair notices' own variables. */
export class RepairNoticeComposer implements NoticeComposer {
  readonly jobKind = 'repair' as const;
  readonly kinds = REPAIR_NOTICES;

  values(kind: string, context: NoticeContext): NoticeValues {
    const { facts } = context;
    const money = noticeMoney(context);
    switch (kind) {
      case 'repair.estimate_ready':
      case 'repair.estimate_reminder':
      case 'repair.approved':
        return { amount: money(facts.totalMinor) };
      case 'repair.returned':
        return { reason: String(facts.reason ?? '') };
      case 'repair.ready':
        return { balanceNote: amountNote(money, facts.amountDueMinor, (amount) => ` Balance due: ${amount}.`) };
      case 'repair.picked_up':
        return { warrantyNote: facts.warrantyEndsOn ? ` Our work is guaranteed until ${formatDay(String(facts.warrantyEndsOn))}.` : '' };
      case 'repair.delayed':
        return { delayNote: delayNote(facts) };
      default:
        return {};
    }
  }
}
