import { maskSecrets } from '@aoa-iam/core';
import type { ApplySummary } from '../apply/apply-plan.js';

/** The final summary of an apply, for a person. */
export function renderApplySummary(summary: ApplySummary): string {
  const lines: string[] = [];
  if (summary.dryRun) lines.push('Dry run: nothing was written.');
  for (const outcome of summary.outcomes) {
    if (outcome.status === 'failed')
      lines.push(`failed ${outcome.action} ${outcome.role}: ${outcome.error}`);
  }
  const operations = Object.entries(summary.writesByOperation)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, count]) => `${op} ${count}`)
    .join(', ');
  lines.push(
    `Applied environment ${summary.environment} (account ${summary.account}): ` +
      `${summary.created} created, ${summary.updated} updated, ${summary.deleted} deleted, ` +
      `${summary.failed} failed.`,
    `${summary.writes} write call(s)${operations ? ` (${operations})` : ''}, ${summary.retries} retries, ` +
      `${summary.ambiguousCreatesResolved} lost create answer(s) resolved, ${(summary.durationMs / 1_000).toFixed(1)} s.`,
  );
  return `${maskSecrets(lines.join('\n'))}\n`;
}
