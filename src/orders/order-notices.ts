import { type NoticeComposer, type NoticeContext, type NoticeText, formatAmount, formatDay } from '../jobs/customer-notices.js';

/**
 * What a custom-order customer reads at each step: short, with the order number and the tracking
 * link (where they can see the design and answer), and no personal data beyond what they know.
 */
export class OrderNoticeComposer implements NoticeComposer {
  readonly jobKind = 'custom_order' as const;

  compose(kind: string, { job, store, trackingUrl, facts }: NoticeContext): NoticeText {
    const shop = store.name;
    const number = job.number;
    const money = (minor: unknown) => formatAmount(Number(minor ?? 0), String(facts.currency ?? store.currency));
    switch (kind) {
      case 'order.received':
        return { sms: `${shop}: thank you for your order (${number}). We'll send you the design to approve. Track: ${trackingUrl}` };
      case 'order.design_ready':
        return { sms: `${shop}: design version ${String(facts.version)} of ${number} is ready (${money(facts.totalMinor)}). Have a look and approve or ask for changes: ${trackingUrl}` };
      case 'order.design_reminder':
        return { sms: `${shop}: a reminder that the design of ${number} is waiting for your answer: ${trackingUrl}` };
      case 'order.design_approved': {
        const deposit = Number(facts.depositDueMinor ?? 0);
        return { sms: `${shop}: thank you, the design of ${number} is approved.${deposit > 0 ? ` A deposit of ${money(deposit)} starts production.` : ''} ${trackingUrl}` };
      }
      case 'order.production_started':
        return { sms: `${shop}: we've started making your piece (${number}), promised by ${formatDay(String(facts.promisedBy))}. Track: ${trackingUrl}` };
      case 'order.try_on_ready':
        return { sms: `${shop}: the model of your piece (${number}) is ready to try on. Please call in, or answer here: ${trackingUrl}` };
      case 'order.try_on_reminder':
        return { sms: `${shop}: a reminder that the model of ${number} is waiting for your try-on: ${trackingUrl}` };
      case 'order.ready': {
        const due = Number(facts.amountDueMinor ?? 0);
        return { sms: `${shop}: your piece (${number}) is ready; please bring photo ID.${due > 0 ? ` Balance due: ${money(due)}.` : ''} ${trackingUrl}` };
      }
      case 'order.pickup_reminder':
        return { sms: `${shop}: a reminder that your piece (${number}) is ready and waiting for you. ${trackingUrl}` };
      case 'order.delivered':
        return { sms: `${shop}: thank you for collecting ${number}. We hope it is everything you imagined.` };
      case 'order.shipped':
        return { sms: `${shop}: your piece (${number}) is on its way with ${String(facts.carrier)}, tracking ${String(facts.trackingNumber)}.` };
      case 'order.thank_you':
        return { sms: `${shop}: thank you again for choosing us for ${number}. Tell us how it feels to wear: ${trackingUrl}` };
      case 'order.care_reminder':
        return { sms: `${shop}: it's been a while since ${number} left our bench: bring it in for a free clean and a check of the setting.` };
      case 'order.cancelled': {
        const refund = Number(facts.refundedMinor ?? 0);
        return { sms: `${shop}: your order ${number} is cancelled.${refund > 0 ? ` ${money(refund)} is refunded.` : ''} ${trackingUrl}` };
      }
      case 'order.delayed': {
        const newDate = facts.promisedBy ? ` We now expect it by ${formatDay(String(facts.promisedBy))}.` : " We'll let you know when it is ready.";
        return { sms: `${shop}: we're sorry, your piece (${number}) needs more time.${newDate} Track: ${trackingUrl}` };
      }
      default:
        return undefined;
    }
  }
}
