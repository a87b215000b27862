import type { WorkflowEvent } from '@aoa-iam/action-kit';

/** The events apply runs for; everything else is refused by name. */
export const ALLOWED_EVENTS = ['push', 'workflow_dispatch'] as const;

/**
 * Why apply must not run for this event, or `undefined` when it may. Apply runs
 * only after review and merge (invariant 8): on a push to the repository's
 * default branch, or a manual dispatch from it. Pull request events, comments,
 * workflow_run, merge queues, schedules and other branches are all refused,
 * before anything reaches AWS.
 */
export function eventRefusal(event: WorkflowEvent, ref: string | undefined): string | undefined {
  const rule =
    'apply runs only on push to the default branch and on workflow_dispatch from it, after review and merge.';
  if (!(ALLOWED_EVENTS as readonly string[]).includes(event.name)) {
    return `aoa-iam apply refuses to run for a ${event.name || 'unnamed'} event: ${rule}`;
  }
  const repository = event.payload.repository as { default_branch?: unknown } | undefined;
  const defaultBranch = repository?.default_branch;
  if (typeof defaultBranch !== 'string' || defaultBranch === '') {
    return (
      `aoa-iam apply refuses to run: the ${event.name} event does not name the repository's ` +
      `default branch (repository.default_branch), so it cannot tell a merge from a branch; ${rule}`
    );
  }
  const expected = `refs/heads/${defaultBranch}`;
  if (ref !== expected) {
    return `aoa-iam apply refuses to run for ${event.name} on ${ref ?? 'an unknown ref'}: only ${expected} is applied; ${rule}`;
  }
  return undefined;
}
