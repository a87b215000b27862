import {
  BudgetedMarkdown,
  code,
  escapeHtml,
  markdownTable,
  text,
  utf8Length,
} from '@aoa-iam/action-kit';
import type { ApplySummary, Plan } from '@aoa-iam/aws';
import { renderPlanText } from '@aoa-iam/aws';

/**
 * The apply job summary: outcome and counts first, then each role change, then
 * the full plan text folded away, all within `budget` bytes.
 */
export function renderApplyReport(plan: Plan, summary: ApplySummary, budget: number): string {
  const doc = new BudgetedMarkdown(budget);
  const ok = summary.failed === 0 && plan.errors.length === 0;
  const outcome = summary.dryRun
    ? '🧪 dry run, nothing was written'
    : ok
      ? '✅ applied'
      : plan.errors.length > 0
        ? '❌ refused, nothing was written'
        : `❌ ${summary.failed} role change(s) failed`;
  const counts = markdownTable(
    ['created', 'updated', 'deleted', 'failed', 'unchanged', 'write calls', 'retries'],
    [
      [
        summary.created,
        summary.updated,
        summary.deleted,
        summary.failed,
        plan.unchanged.length,
        summary.writes,
        summary.retries,
      ].map(String),
    ],
  );
  doc.add(
    `## aoa-iam apply: ${text(plan.environment)} (account ${text(plan.account)}): ${outcome}\n\n${counts}`,
    () => '',
  );

  if (plan.errors.length > 0) {
    const rows = plan.errors.map((error) => [
      code(error.rule),
      text(error.message),
      text(error.fix),
    ]);
    doc.add(
      `### Why apply refused\n\n${markdownTable(['rule', 'message', 'fix'], rows)}`,
      (n) => `_${n} more rows cut to stay under the size limit; see the log._`,
      400,
    );
  }
  if (plan.changes.length > 0) {
    const status = new Map(summary.outcomes.map((outcome) => [outcome.role, outcome]));
    const rows = plan.changes.map((change) => {
      const done = status.get(change.role);
      return [
        code(change.role),
        text(change.action),
        text(
          done
            ? `${done.status}${done.error ? `: ${done.error}` : ''}`
            : summary.dryRun
              ? 'planned'
              : '',
        ),
        text(change.reason),
      ];
    });
    doc.add(
      `### Changes\n\n${markdownTable(['role', 'action', 'result', 'why'], rows)}`,
      (n) => `_${n} more changes cut to stay under the size limit; the full plan is in the log._`,
      400,
    );
  }
  const planText = `<details><summary>Full plan</summary>\n\n<pre>${escapeHtml(renderPlanText(plan))}</pre>\n\n</details>`;
  if (utf8Length(planText) < doc.remaining - 200) doc.add(planText, () => '');
  else doc.add('_The full plan is too long for the summary; it is in the log._', () => '');
  return doc.toString();
}
