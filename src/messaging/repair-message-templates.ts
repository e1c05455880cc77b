import type { RepairStage } from '../../workflows/repair-stages.js';

export interface RepairMessageFacts {
  shopName: string;
  envelopeNumber: number;
  /** Date-only, YYYY-MM-DD. */
  promisedBy: string;
  trackingUrl: string;
}

/** The customer's text for each stage. Kept under 160 GSM-7 characters where the shop name allows. */
export function repairStageMessage(stage: RepairStage, facts: RepairMessageFacts): string {
  const job = `envelope #${facts.envelopeNumber}`;
  switch (stage) {
    case 'received':
      return `${facts.shopName}: we have your piece (${job}), promised by ${formatDate(facts.promisedBy)}. Track: ${facts.trackingUrl}`;
    case 'in_progress':
      return `${facts.shopName}: work on your piece (${job}) has started at the bench. Track: ${facts.trackingUrl}`;
    case 'ready':
      return `${facts.shopName}: your piece (${job}) is ready for pickup; please bring photo ID. Track: ${facts.trackingUrl}`;
  }
}

function formatDate(isoDate: string): string {
  // A date-only value: format it in UTC so no time zone moves it by a day.
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}
