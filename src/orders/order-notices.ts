import { type NoticeComposer, type NoticeContext, type NoticeValues, amountNote, delayNote, noticeMoney } from '../jobs/customer-notices.js';
import { type NoticeKind, noticeKind } from '../messaging/templates/notice-catalog.js';

/**
 * What a custom-order customer reads at each step: short, with the order number and the tracking
 * link (where they can see the design and answer), and no personal data beyond what they know.
 */
export const ORDER_NOTICES: readonly NoticeKind[] = [
  noticeKind('order.received', 'The order is taken (after the consultation).', {
    sms: "{{storeName}}: thank you for your order ({{jobNumber}}). We'll send you the design to approve. Track: {{trackingLink}}",
    subject: 'Thank you for your order ({{jobNumber}})',
  }),
  noticeKind('order.design_ready', 'A design version waits for the customer’s answer.', {
    sms: '{{storeName}}: design version {{version}} of {{jobNumber}} is ready ({{amount}}). Have a look and approve or ask for changes: {{trackingLink}}',
    subject: 'Your design for {{jobNumber}} is ready',
    variables: { version: '2', amount: '$185.00' },
  }),
  noticeKind('order.design_reminder', 'The design is still unanswered after the reminder delay.', {
    sms: '{{storeName}}: a reminder that the design of {{jobNumber}} is waiting for your answer: {{trackingLink}}',
    subject: 'Your design for {{jobNumber}} is waiting for you',
  }),
  noticeKind('order.design_approved', 'The customer approved a design version.', {
    sms: '{{storeName}}: thank you, the design of {{jobNumber}} is approved.{{depositNote}} {{trackingLink}}',
    subject: 'Design approved ({{jobNumber}})',
    variables: { depositNote: ' A deposit of $1,200.00 starts production.' },
  }),
  noticeKind('order.production_started', 'Production starts (design approved, deposit paid).', {
    sms: "{{storeName}}: we've started making your piece ({{jobNumber}}), promised by {{promisedDate}}. Track: {{trackingLink}}",
    subject: "We've started making your piece ({{jobNumber}})",
  }),
  noticeKind('order.try_on_ready', 'A model is ready for the customer to try on.', {
    sms: '{{storeName}}: the model of your piece ({{jobNumber}}) is ready to try on. Please call in, or answer here: {{trackingLink}}',
    subject: 'Your model ({{jobNumber}}) is ready to try on',
  }),
  noticeKind('order.try_on_reminder', 'The try-on is still waiting after the reminder delay.', {
    sms: '{{storeName}}: a reminder that the model of {{jobNumber}} is waiting for your try-on: {{trackingLink}}',
    subject: 'Your model ({{jobNumber}}) is waiting for your try-on',
  }),
  noticeKind('order.ready', 'The piece passed QC and waits for pickup.', {
    sms: '{{storeName}}: your piece ({{jobNumber}}) is ready; please bring photo ID.{{balanceNote}} {{trackingLink}}',
    subject: 'Your piece ({{jobNumber}}) is ready',
    variables: { balanceNote: ' Balance due: $85.00.' },
  }),
  noticeKind('order.pickup_reminder', 'The piece is still waiting after a pickup reminder delay.', {
    sms: '{{storeName}}: a reminder that your piece ({{jobNumber}}) is ready and waiting for you. {{trackingLink}}',
    subject: 'Your piece ({{jobNumber}}) is waiting for you',
  }),
  noticeKind('order.delivered', 'The customer collected the piece.', {
    sms: '{{storeName}}: thank you for collecting {{jobNumber}}. We hope it is everything you imagined.',
    subject: 'Thank you for collecting {{jobNumber}}',
  }),
  noticeKind('order.shipped', 'The piece was shipped to the customer.', {
    sms: '{{storeName}}: your piece ({{jobNumber}}) is on its way with {{carrier}}, tracking {{trackingNumber}}.',
    subject: 'Your piece ({{jobNumber}}) is on its way',
    variables: { carrier: 'UPS', trackingNumber: '1Z999AA10123456784' },
  }),
  noticeKind('order.thank_you', 'A while after delivery.', {
    sms: '{{storeName}}: thank you again for choosing us for {{jobNumber}}. Tell us how it feels to wear: {{trackingLink}}',
    subject: 'Thank you for choosing us',
  }),
  noticeKind('order.care_reminder', 'A care reminder long after delivery.', {
    sms: "{{storeName}}: it's been a while since {{jobNumber}} left our bench: bring it in for a free clean and a check of the setting.",
    subject: 'A free clean and check for {{jobNumber}}',
  }),
  noticeKind('order.cancelled', 'The order is cancelled.', {
    sms: '{{storeName}}: your order {{jobNumber}} is cancelled.{{refundNote}} {{trackingLink}}',
    subject: 'Your order {{jobNumber}} is cancelled',
    variables: { refundNote: ' $500.00 is refunded.' },
  }),
  noticeKind('order.delayed', 'The order is past its promised date (once), or the date moved.', {
    sms: "{{storeName}}: we're sorry, your piece ({{jobNumber}}) needs more time.{{delayNote}} Track: {{trackingLink}}",
    subject: 'Your piece ({{jobNumber}}) needs more time',
    variables: { delayNote: ' We now expect it by Dec 14.' },
  }),
];

/** The values of the order notices' own variables. */
export class OrderNoticeComposer implements NoticeComposer {
  readonly jobKind = 'custom_order' as const;
  readonly kinds = ORDER_NOTICES;

  values(kind: string, context: NoticeContext): NoticeValues {
    const { facts } = context;
    const money = noticeMoney(context);
    const noteIfPositive = (minor: unknown, note: (amount: string) => string) => amountNote(money, minor, note);
    switch (kind) {
      case 'order.design_ready':
        return { version: String(facts.version), amount: money(facts.totalMinor) };
      case 'order.design_approved':
        return { depositNote: noteIfPositive(facts.depositDueMinor, (amount) => ` A deposit of ${amount} starts production.`) };
      case 'order.ready':
        return { balanceNote: noteIfPositive(facts.amountDueMinor, (amount) => ` Balance due: ${amount}.`) };
      case 'order.shipped':
        return { carrier: String(facts.carrier), trackingNumber: String(facts.trackingNumber) };
      case 'order.cancelled':
        return { refundNote: noteIfPositive(facts.refundedMinor, (amount) => ` ${amount} is refunded.`) };
      case 'order.delayed':
        return { delayNote: delayNote(facts) };
      default:
        return {};
    }
  }
}
