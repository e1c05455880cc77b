/**
 * The time inside a workflow. Temporal's TypeScript SDK runs workflow code in a sandbox whose
 * `Date` is the deterministic workflow clock (the time of the task being processed, the same on
 * replay); this is the one place job workflows read it, so no other code needs to know.
 */
export function workflowNow(): number {
  return Date.now();
}

export function workflowNowIso(): string {
  return new Date(workflowNow()).toISOString();
}
