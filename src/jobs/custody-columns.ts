import { p } from '@mikro-orm/core';

/** Where a job's piece (or one of its items) is now and who holds it: the same columns on `jobs` and `job_items`. */
export function custodyColumns() {
  return {
    custodyLocation: p.string().length(20),
    custodyHolderKind: p.string().length(20),
    custodyHolderId: p.string().length(64).nullable(),
    custodyHolderName: p.string().length(100),
    custodyDetail: p.string().length(200).nullable(),
    custodySince: p.datetime(),
  };
}
