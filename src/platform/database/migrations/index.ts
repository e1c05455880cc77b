import { Migration20261123000000InitialSchema } from './Migration20261123000000-initial-schema.js';
import { Migration20261124100000MessageDeliverySettlement } from './Migration20261124100000-message-delivery-settlement.js';
import { Migration20261124200000JobsAndStores } from './Migration20261124200000-jobs-and-stores.js';
import { Migration20261125100000StaffAccessAndAudit } from './Migration20261125100000-staff-access-and-audit.js';
import { Migration20261125200000CustomerProfiles } from './Migration20261125200000-customer-profiles.js';
import { Migration20261125300000PiecesMetalPricesSearch } from './Migration20261125300000-pieces-metal-prices-search.js';
import { Migration20261125400000Photos } from './Migration20261125400000-photos.js';
import { Migration20261125500000CustomOrders } from './Migration20261125500000-custom-orders.js';
import { Migration20261125600000InboundMessages } from './Migration20261125600000-inbound-messages.js';
import { Migration20261125700000DeliveryReceipts } from './Migration20261125700000-delivery-receipts.js';
import { Migration20261125800000EmailAndTemplates } from './Migration20261125800000-email-and-templates.js';
import { Migration20261125900000TrackingTokenDigests } from './Migration20261125900000-tracking-token-digests.js';
import { Migration20261126000000MessageAttempts } from './Migration20261126000000-message-attempts.js';
import { Migration20261126100000JobHistoryFacts } from './Migration20261126100000-job-history-facts.js';
import { Migration20261203200000ManagerReports } from './Migration20261203200000-manager-reports.js';
import { Migration20261203300000ManagerDigests } from './Migration20261203300000-manager-digests.js';
import { Migration20261203500000MessageReport } from './Migration20261203500000-message-report.js';

/** Applied in this order; a new migration is appended, never edited once released. */
export const MIGRATIONS = [
  Migration20261123000000InitialSchema, Migration20261124100000MessageDeliverySettlement, Migration20261124200000JobsAndStores,
  Migration20261125100000StaffAccessAndAudit,
  Migration20261125200000CustomerProfiles,
  Migration20261125300000PiecesMetalPricesSearch,
  Migration20261125400000Photos,
  Migration20261125500000CustomOrders,
  Migration20261125600000InboundMessages,
  Migration20261125700000DeliveryReceipts,
  Migration20261125800000EmailAndTemplates,
  Migration20261125900000TrackingTokenDigests,
  Migration20261126000000MessageAttempts,
  Migration20261126100000JobHistoryFacts,
  Migration20261203200000ManagerReports,
  Migration20261203300000ManagerDigests,
  Migration20261203500000MessageReport,
];
