/** What each kind of timeline entry is, in words a manager reads (the journal's, a message's, the workflow history's). */
const LABELS: Record<string, string> = {
  taken_in: 'Taken in',
  stage_changed: 'Stage changed',
  custody_changed: 'Piece moved',
  estimate_provided: 'Estimate given',
  approval_requested: 'Approval asked',
  approval_decided: 'Approval answered',
  assigned: 'Assigned',
  sent_to_vendor: 'Sent to a vendor',
  received_from_vendor: 'Back from the vendor',
  work_finished: 'Work finished',
  qc_passed: 'Quality check passed',
  qc_failed: 'Quality check failed',
  design_version_added: 'Design version',
  production_started: 'Production started',
  step_started: 'Production step started',
  step_finished: 'Production step finished',
  payment_recorded: 'Payment',
  balance_waived: 'Balance waived',
  promised_date_changed: 'Promised date changed',
  flag_raised: 'Flagged',
  flag_cleared: 'Flag cleared',
  reminder_sent: 'Reminder',
  contact_attempt: 'Customer contacted',
  picked_up: 'Picked up',
  handed_over: 'Handed over',
  follow_up: 'Follow-up',
  cancelled: 'Cancelled',
  message: 'Message to the customer',
  workflow_started: 'Workflow started',
  workflow_continued: 'Workflow continued in a new run',
  workflow_ended: 'Workflow ended',
  timer_fired: 'Timer fired',
  signal_received: 'Signal received',
  activity_retried: 'Step retried',
  activity_failed: 'Step failed',
  activity_timed_out: 'Step timed out',
  workflow_task_failed: 'Workflow task failed',
};

export function timelineLabel(type: string): string {
  const known = LABELS[type];
  if (known) return known;
  const words = type.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
