import type { Finding } from '@aoa-iam/core';
import { summarise } from '@aoa-iam/core';
import type { EngineOutcome } from './engine.js';
import type { FailOn } from './inputs.js';
import type { ValidateReport } from './report-markdown.js';

/**
 * The report the summary and the comment render: counts of unsuppressed
 * findings, the verdict by `fail-on`, the increases and the approval in words.
 */
export function buildValidateReport(
  outcome: EngineOutcome,
  inputs: { catalogue: string; failOn: FailOn; sarifFile: string; reportFile: string },
  base: string | undefined,
  workspace: string,
): ValidateReport {
  // One count for every output: the engine's, as the JSON report and SARIF state it.
  const summary = summarise(outcome.findings);
  const open = outcome.findings.filter((finding) => !finding.suppressed);
  const approval = outcome.approval?.required
    ? `${outcome.approval.satisfied ? '✅' : '⛔'} Approval for privilege increases: ${outcome.approval.reason}.`
    : undefined;
  return {
    catalogue: inputs.catalogue,
    ...(base ? { base } : {}),
    blocking: isBlocking(open, inputs.failOn),
    failOn: inputs.failOn,
    counts: {
      error: summary.errors,
      warning: summary.warnings,
      note: summary.notes,
      suppressed: summary.suppressed,
      roles: outcome.roles.length,
      increases: outcome.review?.increases.length ?? 0,
    },
    findings: outcome.findings,
    increases: (outcome.review?.increases ?? []).map((increase) => ({
      role: increase.role,
      change: increase.kind,
      detail: increase.detail,
    })),
    ...(approval ? { approval } : {}),
    ...(outcome.mermaid ? { mermaid: outcome.mermaid } : {}),
    fullReport: `the SARIF file ${inputs.sarifFile} and the JSON report ${inputs.reportFile}`,
    workspace,
  };
}

function isBlocking(open: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return open.some(
    (f) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning'),
  );
}
