import { makeFinding } from '../checks/finding-builder.js';
import type { Finding, SourcePosition } from '../findings/finding.js';
import type { ApprovalDecision } from './approval.js';
import type { ReviewResult } from './review.js';

/**
 * A review as findings, so the same renderers (text, JSON, SARIF, annotations)
 * show each privilege increase on the catalogue line that caused it, and a
 * missing approval fails the check.
 */
export function reviewFindings(
  review: ReviewResult,
  approval: ApprovalDecision | undefined,
  catalogueFile: string,
  ruleProblems: readonly string[] = [],
): Finding[] {
  const top: SourcePosition = { file: catalogueFile, line: 1, column: 1 };
  const findings = review.increases.map((increase) =>
    makeFinding('review.privilege-increase', {
      message: `${increase.role} (${increase.identity} of ${increase.app} in ${increase.environment}): ${increase.detail}`,
      fix: 'Confirm the increase is intended; the catalogue may require an approval for it.',
      position: increase.position ?? top,
      subject: {
        app: increase.app,
        environment: increase.environment,
        identity: increase.identity,
        role: increase.role,
      },
    }),
  );
  for (const problem of ruleProblems) {
    findings.push(
      makeFinding('review.invalid-rule', {
        message: problem,
        fix: 'Write review: { increases: { labels: [...], teams: [...] } }.',
        position: top,
      }),
    );
  }
  if (approval?.required && !approval.satisfied) {
    findings.push(
      makeFinding('review.approval-required', {
        message: approval.reason,
        fix: 'Add one of the labels to the pull request, or ask a listed team for an approving review.',
        position: top,
      }),
    );
  }
  return findings;
}
