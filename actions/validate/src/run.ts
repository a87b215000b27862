import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import {
  currentRepo,
  emitAnnotations,
  gitHubClient,
  info,
  readWorkflowEvent,
  registerSecrets,
  runUrl,
  SUMMARY_BUDGET_BYTES,
  setOutputs,
  warn,
  writeJobSummary,
} from '@aoa-iam/action-kit';
import type { ApprovalEvidence, Finding, Severity } from '@aoa-iam/core';
import { renderFindingsJson, renderSarif } from '@aoa-iam/core';
import { readApprovalEvidence } from './approval-evidence.js';
import { baseFileReader } from './base-catalogue.js';
import { type EngineOutcome, type EvidenceSource, evaluateCatalogue } from './engine.js';
import { type FailOn, readValidateInputs } from './inputs.js';
import { renderValidateReport, type ValidateReport } from './report-markdown.js';
import { postStickyReport } from './sticky-report.js';

/** Written into the SARIF file as the tool's version. */
export const ACTION_VERSION = '0.1.0';

/**
 * The validate action: checks the catalogue, reviews it against the pull
 * request's base with the catalogue's approval rule, and reports through
 * annotations, the job summary, one sticky comment, SARIF and JSON files and
 * step outputs. Fails the step by `fail-on`.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = readValidateInputs();
  registerSecrets(env, inputs.token ? [inputs.token] : []);
  const event = readWorkflowEvent(env);
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const now = inputs.now ?? new Date();
  const api = inputs.token
    ? { client: gitHubClient(inputs.token, env), repo: currentRepo(env) }
    : undefined;

  const revision = inputs.base ?? event.pullRequest?.baseSha;
  const base =
    revision && revision !== 'none'
      ? { revision, read: (await baseFileReader(revision, process.cwd(), workspace, api)).read }
      : undefined;
  info(`Validating ${inputs.catalogue}${base ? ` against base ${base.revision}` : ''}.`);

  const evidence: EvidenceSource = async (teams) => {
    const pull = event.pullRequest;
    if (!api || !pull) return noEvidence('this run is not for a pull request');
    const read = await readApprovalEvidence(api.client, api.repo, pull.number, teams);
    if (read.unreadableTeams.length > 0) {
      warn(
        `Could not read the members of ${read.unreadableTeams.join(', ')}: team approvals need a ` +
          '"github-token" that may read the organisation\'s teams.',
      );
    }
    return read.evidence;
  };
  const outcome = await evaluateCatalogue(inputs.catalogue, now, base, evidence);
  const report = validateReport(outcome, inputs, base?.revision, workspace);

  await writeReportFile(
    inputs.sarifFile,
    renderSarif(outcome.findings, {
      toolVersion: ACTION_VERSION,
      baseDirectory: workspace,
      fallbackFile: inputs.catalogue,
    }),
  );
  await writeReportFile(
    inputs.reportFile,
    renderFindingsJson(
      outcome.findings,
      outcome.review
        ? { review: { base: base?.revision, ...outcome.review, approval: outcome.approval } }
        : {},
    ),
  );
  emitAnnotations(
    outcome.findings,
    { where: `the job summary and ${inputs.sarifFile}` },
    workspace,
  );
  await writeJobSummary(renderValidateReport(report, SUMMARY_BUDGET_BYTES), env);

  let commentUrl = '';
  if (inputs.comment && event.pullRequest && api) {
    const linked = {
      ...report,
      fullReport: `the [job summary](${runUrl(env)}), ${report.fullReport}`,
    };
    commentUrl = await postStickyReport(
      api.client,
      api.repo,
      event.pullRequest.number,
      linked,
      inputs.commentAuthor,
    );
  }

  setOutputs({
    verdict: report.blocking ? 'fail' : 'pass',
    findings: outcome.findings.length,
    errors: report.counts.error,
    warnings: report.counts.warning,
    notes: report.counts.note,
    suppressed: report.counts.suppressed,
    roles: report.counts.roles,
    'privilege-increases': report.counts.increases,
    approval: !outcome.approval?.required
      ? 'not-required'
      : outcome.approval.satisfied
        ? 'granted'
        : 'missing',
    'sarif-file': inputs.sarifFile,
    'report-file': inputs.reportFile,
    'comment-url': commentUrl,
  });
  if (report.blocking) {
    core.setFailed(
      `aoa-iam validate: ${report.counts.error} error(s) and ${report.counts.warning} warning(s) in ${inputs.catalogue}; see the annotations and the job summary.`,
    );
  }
}

function noEvidence(why: string): ApprovalEvidence {
  info(`No approvals read: ${why}.`);
  return { labels: [], approvals: [] };
}

function validateReport(
  outcome: EngineOutcome,
  inputs: { catalogue: string; failOn: FailOn; sarifFile: string; reportFile: string },
  base: string | undefined,
  workspace: string,
): ValidateReport {
  const open = outcome.findings.filter((finding) => !finding.suppressed);
  const count = (severity: Severity): number => open.filter((f) => f.severity === severity).length;
  const approval = outcome.approval?.required
    ? `${outcome.approval.satisfied ? '✅' : '⛔'} Approval for privilege increases: ${outcome.approval.reason}.`
    : undefined;
  return {
    catalogue: inputs.catalogue,
    ...(base ? { base } : {}),
    blocking: isBlocking(open, inputs.failOn),
    counts: {
      error: count('error'),
      warning: count('warning'),
      note: count('note'),
      suppressed: outcome.findings.length - open.length,
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

async function writeReportFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, content, 'utf8');
}
