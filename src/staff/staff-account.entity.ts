import { defineEntity, p } from '@mikro-orm/core';
import { STAFF_ROLES } from '../../workflows/shared/job-model.js';

/** A person who works in the shop and signs in to Atelier. */
const StaffAccountSchema = defineEntity({
  name: 'StaffAccount',
  tableName: 'staff_accounts',
  properties: {
    id: p.uuid().primary(),
    /** Lower-cased; the sign-in name. */
    email: p.string().length(254).unique(),
    name: p.string().length(100),
    role: p.enum(STAFF_ROLES),
    /** The stores this person works in; an owner spans every store whatever is listed. */
    storeIds: p.json<string[]>(),
    /** argon2id in PHC string form. */
    passwordHash: p.text(),
    passwordChangedAt: p.datetime(),
    active: p.boolean(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class StaffAccount extends StaffAccountSchema.class {}
StaffAccountSchema.setClass(StaffAccount);
