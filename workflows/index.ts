// The worker bundles this file: every workflow type Atelier runs is exported here.
export { repairJobWorkflow } from './repair-job/workflow.js';
export { customOrderWorkflow } from './custom-order/workflow.js';
export { sweepStrandedMessagesWorkflow } from './message-sweep.workflow.js';
export { sendManagerDigestWorkflow, syncManagerDigestSchedulesWorkflow } from './manager-digest.workflow.js';
export { archiveEndedJobHistoriesWorkflow } from './job-history-archive.workflow.js';
