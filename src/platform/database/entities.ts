import { Customer } from '../../customers/customer.entity.js';
import { Message } from '../../messaging/message.entity.js';
import { RepairJob } from '../../repairs/repair-job.entity.js';

/** Every entity Atelier persists; the ORM discovers exactly these. */
export const ENTITIES = [Customer, RepairJob, Message];
