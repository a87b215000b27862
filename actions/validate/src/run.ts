import {
  currentRepo,
  emitAnnotations,
  fail,
  gitHubClient,
  info,
  optionalInput,
  readWorkflowEvent,
  registerSecrets,
  repoUrl,
  runUrl,
  SUMMARY_BUDGET_BYTES,
  setOutputs,
  warn,
  writeJobSummary,
} from '@aoa-iam/action-kit';
import type { ApprovalEvidence } from '@aoa-iam/core';
import { readApprovalEvidence } from './approval-evidence.js';
import { baseFileReader } from './base-catalogue.js';
import { type EvidenceSource, evaluateCatalogue } from './engine.js';
import { readValidateInputs } from './inputs.js';
import { writeReportFiles } from './report-files.js';
import { renderValidateReport } from './report-markdown.js';
import { postStickyReport } from './sticky-report.js';
import { buildValidateReport } from './validate-report.js';

/**
 * The validate action: checks the catalogue, reviews it against the pull
 * request's base with the catalogue's approval rule, and reports through
 * annotations, the job summary, one sticky comment, SARIF and JSON files and
 * step outputs. Fails the step by `fail-on`.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Secrets first: nothing below may print a token before it is registered.
  registerSecrets(env, [optionalInput('github-token') ?? '']);
  const inputs = readValidateInputs();
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
  const outcome = await evaluateCatalogue(
    inputs.catalogue,
    { now, root: workspace },
    base,
    evidence,
  );
  const report = {
    ...buildValidateReport(outcome, inputs, base?.revision, workspace),
    ...(env.GITHUB_SHA ? { blobUrl: `${repoUrl(env)}/blob/${env.GITHUB_SHA}/` } : {}),
  };

  await writeReportFiles(inputs, outcome, base?.revision, workspace);
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
    fail(
      `aoa-iam validate: ${report.counts.error} error(s) and ${report.counts.warning} warning(s) in ${inputs.catalogue}; see the annotations and the job summary.`,
    );
  }
}

function noEvidence(why: string): ApprovalEvidence {
  info(`No approvals read: ${why}.`);
  return { labels: [], approvals: [] };
}
