import { type NoticeComposer, type NoticeContext, type NoticeText, formatAmount, formatDay } from '../jobs/customer-notices.js';

/**
 * What a repair customer reads at each step: short (one or two SMS segments), with the job number
 * and the tracking link, and no personal data beyond what the customer already knows.
 */
export class RepairNoticeComposer implements NoticeComposer {
  readonly jobKind = 'repair' as const;

  compose(kind: string, { job, store, trackingUrl, facts }: NoticeContext): NoticeText {
    const shop = store.name;
    const number = job.number;
    const amount = () => formatAmount(Number(facts.totalMinor ?? 0), String(facts.currency ?? store.currency));
    switch (kind) {
      case 'repair.received':
        return { sms: `${shop}: we have your piece (${number}), promised by ${formatDay(String(facts.promisedBy))}. Track: ${trackingUrl}` };
      case 'repair.estimate_ready':
        return { sms: `${shop}: the estimate for ${number} is ${amount()}. Reply YES to go ahead or NO to decline, or answer here: ${trackingUrl}` };
      case 'repair.estimate_reminder':
        return { sms: `${shop}: a reminder that the estimate for ${number} (${amount()}) is waiting for your answer. Reply YES or NO, or: ${trackingUrl}` };
      case 'repair.approved':
        return { sms: `${shop}: thank you, the repair of ${number} is approved (${amount()}). Track: ${trackingUrl}` };
      case 'repair.returned':
        return { sms: `${shop}: your piece (${number}) is ready to collect unrepaired (${String(facts.reason)}); no charge. Track: ${trackingUrl}` };
      case 'repair.ready': {
        const due = Number(facts.amountDueMinor ?? 0);
        const balance = due > 0 ? ` Balance due: ${formatAmount(due, String(facts.currency ?? store.currency))}.` : '';
        return { sms: `${shop}: your piece (${number}) is ready for pickup; please bring photo ID.${balance} ${trackingUrl}` };
      }
      case 'repair.pickup_reminder':
        return { sms: `${shop}: a reminder that your piece (${number}) is ready and waiting for you. ${trackingUrl}` };
      case 'repair.picked_up': {
        const warranty = facts.warrantyEndsOn ? ` Our work is guaranteed until ${formatDay(String(facts.warrantyEndsOn))}.` : '';
        return { sms: `${shop}: thank you for collecting ${number}.${warranty}` };
      }
      case 'repair.delayed': {
        const newDate = facts.promisedBy ? ` We now expect it by ${formatDay(String(facts.promisedBy))}.` : " We'll let you know when it is ready.";
        return { sms: `${shop}: we're sorry, your piece (${number}) needs more time.${newDate} Track: ${trackingUrl}` };
      }
      default:
        return undefined;
    }
  }
}
