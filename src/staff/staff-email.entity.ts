import { defineEntity, p } from '@mikro-orm/core';

/**
 * Email to staff (password reset links) waiting for the email sender. Until it exists, an owner
 * reads them at GET /staff/emails and passes the link on; the sender marks them sent.
 */
const StaffEmailSchema = defineEntity({
  name: 'StaffEmail',
  tableName: 'staff_emails',
  properties: {
    id: p.uuid().primary(),
    staffId: p.uuid().index(),
    toAddress: p.string().length(254),
    subject: p.string().length(200),
    body: p.text(),
    /** Links in it stop working at this time; the email is not shown after it. */
    expiresAt: p.datetime(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
  },
});

export class StaffEmail extends StaffEmailSchema.class {}
StaffEmailSchema.setClass(StaffEmail);
