import { AuditEntry } from '../../audit/audit-entry.entity.js';
import { CustomerConsentChange, CustomerInteraction, CustomerOccasion } from '../../customers/customer-records.entity.js';
import { Customer } from '../../customers/customer.entity.js';
import { JobEvent } from '../../jobs/job-event.entity.js';
import { JobItem } from '../../jobs/job-item.entity.js';
import { JobNumberCounter } from '../../jobs/job-number-counter.entity.js';
import { Job } from '../../jobs/job.entity.js';
import { ManagerAlert } from '../../jobs/manager-alert.entity.js';
import { Message } from '../../messaging/message.entity.js';
import { MetalPrice } from '../../metal-prices/metal-price.entity.js';
import { Payment } from '../../payments/payment.entity.js';
import { Photo } from '../../photos/photo.entity.js';
import { Piece, PieceStatusChange, PieceStone } from '../../pieces/piece.entity.js';
import { RepairJob } from '../../repairs/repair-job.entity.js';
import { CustomOrder } from '../../orders/custom-order.entity.js';
import { InboundMessage } from '../../messaging/inbound-message.entity.js';
import { MessageTemplate } from '../../messaging/templates/message-template.entity.js';
import { MessageAttempt } from '../../messaging/message-attempt.entity.js';
import { JobHistoryFact } from '../../jobs/job-history-fact.entity.js';
import { ManagerDigest, ManagerDigestOptOut } from '../../managers/digest/manager-digest.entity.js';
import { REPORT_ENTITIES } from '../../managers/reporting/report-tables.entity.js';
import { SweepWatermark } from '../../jobs/sweep-watermark.entity.js';
import { MessageReceipt } from '../../messaging/message-receipt.entity.js';
import { ApiKey } from '../../staff/api-key.entity.js';
import { PasswordReset } from '../../staff/password-reset.entity.js';
import { StaffAccount } from '../../staff/staff-account.entity.js';
import { StaffEmail } from '../../staff/staff-email.entity.js';
import { SessionToken, StaffSession } from '../../staff/staff-session.entity.js';
import { SearchWord } from '../../search/search-word.entity.js';
import { Store } from '../../stores/store.entity.js';

/** Every entity Atelier persists; the ORM discovers exactly these. */
export const ENTITIES = [
  Store, Customer, Job, JobItem, JobEvent, JobHistoryFact, JobNumberCounter, ManagerAlert, RepairJob, CustomOrder, Message, MessageAttempt, MessageReceipt, SweepWatermark, InboundMessage, MessageTemplate, Payment,
  StaffAccount, StaffSession, SessionToken, ApiKey, PasswordReset, StaffEmail, AuditEntry, ManagerDigest, ManagerDigestOptOut,
  CustomerConsentChange, CustomerOccasion, CustomerInteraction,
  Piece, PieceStone, PieceStatusChange, MetalPrice, SearchWord, Photo, ...REPORT_ENTITIES];
