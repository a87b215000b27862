import { maskSecrets } from '@aoa-iam/core';
import type { Difference, Plan } from '../plan/plan-model.js';
import { describeDocumentChange } from './document-changes.js';
import { printableText } from './untrusted-text.js';

const SIGN = { create: '+', update: '~', delete: '-' } as const;

/** The plan for a person: one block per role, its differences, then a count line. */
export function renderPlanText(plan: Plan): string {
  const lines: string[] = [
    `Plan for environment ${plan.environment} (account ${plan.account}):`,
    '',
  ];
  for (const error of plan.errors) {
    lines.push(
      `error ${error.rule}: ${printableText(error.message)}`,
      `  fix: ${printableText(error.fix)}`,
      '',
    );
  }
  for (const change of plan.changes) {
    lines.push(`${SIGN[change.action]} ${change.action} ${change.role}: ${change.reason}`);
    for (const difference of change.differences)
      lines.push(`    ${describeDifference(difference, printableText)}`);
    lines.push(
      `    ${change.steps.length} write call(s): ${change.steps.map((step) => step.op).join(', ')}`,
    );
  }
  if (plan.changes.length > 0) lines.push('');
  const count = (action: string) =>
    plan.changes.filter((change) => change.action === action).length;
  lines.push(
    `${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ` +
      `${plan.unchanged.length} unchanged; ${plan.errors.length} error(s). Read in ${plan.readCalls} IAM calls.`,
  );
  return `${maskSecrets(lines.join('\n'))}\n`;
}

/**
 * One difference in one line. Documents are long: only their name and kind of
 * change are shown. `quote` is applied to every value taken from the account
 * or the catalogue, never to the line's own signs (Markdown passes its escaper).
 */
export function describeDifference(
  difference: Difference,
  quote: (text: string) => string = (text) => text,
): string {
  const subject = quote(
    difference.name ? `${difference.field} ${difference.name}` : difference.field,
  );
  const note = difference.note ? ` (${quote(difference.note)})` : '';
  const isDocument = difference.field === 'trust-policy' || difference.field === 'inline-policy';
  const live = difference.live === undefined ? undefined : quote(difference.live);
  const desired = difference.desired === undefined ? undefined : quote(difference.desired);
  if (difference.change === 'add') {
    return `+ ${subject}${isDocument || desired === undefined ? '' : ` = ${desired}`}${note}`;
  }
  if (difference.change === 'remove') {
    return `- ${subject}${isDocument || live === undefined ? '' : ` (was ${live})`}${note}`;
  }
  if (isDocument) {
    return `~ ${subject}: ${quote(describeDocumentChange(difference.live, difference.desired))}${note}`;
  }
  return `~ ${subject}: ${live ?? '(none)'} -> ${desired ?? '(none)'}${note}`;
}

/** The plan as JSON for scripts (`--format json`). */
export function renderPlanJson(plan: Plan): string {
  return `${maskSecrets(JSON.stringify(plan, null, 2))}\n`;
}
