import type { CustodyItem, JobSnapshot } from '../../workflows/shared/job-model.js';

/**
 * A job's projection as its workflow's snapshot says it is: the journal writes these columns
 * after every step, and the API lays them over a row it read before an Update (the Update waited
 * for that write), so an action's answer needs no second read.
 */
export function projectionOf(snapshot: JobSnapshot) {
  const { custody } = snapshot;
  return {
    stage: snapshot.stage,
    stageLabel: snapshot.stageLabel,
    stageSequence: snapshot.sequence,
    stageSince: new Date(snapshot.stageSince),
    waitingOn: snapshot.waitingOn,
    promisedBy: snapshot.promisedBy,
    overdue: snapshot.flags.overdue,
    vendorLate: snapshot.flags.vendorLate,
    unclaimed: snapshot.flags.unclaimed,
    rush: snapshot.flags.rush,
    assigneeId: snapshot.assignee?.id ?? null,
    assigneeName: snapshot.assignee?.name ?? null,
    custodyLocation: custody.location,
    custodyHolderKind: custody.holder.kind,
    custodyHolderId: custody.holder.id ?? null,
    custodyHolderName: custody.holder.name,
    custodyDetail: custody.detail ?? null,
    custodySince: new Date(custody.since),
    closed: snapshot.closed,
    updatedAt: new Date(),
  };
}

export function itemRow(jobId: string, item: CustodyItem) {
  return {
    job: jobId,
    key: item.key,
    description: item.description,
    declaredValueMinor: item.declaredValue?.amountMinor ?? null,
    currency: item.declaredValue?.currency ?? null,
    custodyLocation: item.custody.location,
    custodyHolderKind: item.custody.holder.kind,
    custodyHolderId: item.custody.holder.id ?? null,
    custodyHolderName: item.custody.holder.name,
    custodyDetail: item.custody.detail ?? null,
    custodySince: new Date(item.custody.since),
  };
}
