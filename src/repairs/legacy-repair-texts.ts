import type { RepairStage } from '../../workflows/repair-job/legacy-v1.stages.js';
import { formatDay } from '../jobs/customer-notices.js';

export interface LegacyRepairTextFacts {
  shopName: string;
  jobNumber: string;
  /** Date-only, YYYY-MM-DD. */
  promisedBy: string;
  trackingUrl: string;
}

/** The texts of the first repair procedure, for the jobs still finishing on it. */
export function legacyRepairStageText(stage: RepairStage, facts: LegacyRepairTextFacts): string {
  const job = `ticket ${facts.jobNumber}`;
  switch (stage) {
    case 'received':
      return `${facts.shopName}: we have your piece (${job}), promised by ${formatDay(facts.promisedBy)}. Track: ${facts.trackingUrl}`;
    case 'in_progress':
      return `${facts.shopName}: work on your piece (${job}) has started at the bench. Track: ${facts.trackingUrl}`;
    case 'ready':
      return `${facts.shopName}: your piece (${job}) is ready for pickup; please bring photo ID. Track: ${facts.trackingUrl}`;
  }
}
