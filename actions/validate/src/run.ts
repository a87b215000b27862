import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import {
  COMMENT_BUDGET,
  currentRepo,
  describeApiError,
  emitAnnotations,
  type GitHubClient,
  gitHubClient,
  info,
  type RepoRef,
  readWorkflowEvent,
  registerSecrets,
  runUrl,
  SUMMARY_BUDGET_BYTES,
  setOutputs,
  upsertStickyComment,
  warn,
  writeJobSummary,
} from '@aoa-iam/action-kit';
import type { Finding, Severity } from '@aoa-iam/core';
import { maskSecrets } from '@aoa-iam/core';
import { baseFileReader } from './base-catalogue.js';
import { evaluateCatalogue } from './engine.js';
import { type FailOn, readValidateInputs } from './inputs.js';
import { renderValidateReport, type ValidateReport } from './report-markdown.js';

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/**
 * The validate action: checks the catalogue, reviews it against the pull
 * request's base, and reports through annotations, the job summary, one sticky
 * comment, SARIF and JSON files and step outputs. Fails the step by `fail-on`.
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
  const reviewBase =
    revision && revision !== 'none'
      ? { revision, read: (await baseFileReader(revision, process.cwd(), workspace, api)).read }
      : undefined;
  info(
    `Validating ${inputs.catalogue}${reviewBase ? ` and reviewing it against ${reviewBase.revision}` : ''}.`,
  );

  const outcome = await evaluateCatalogue(inputs.catalogue, now, reviewBase);
  const findings = [...outcome.findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
  );
  const open = findings.filter((finding) => !finding.suppressed);
  const count = (severity: Severity): number => open.filter((f) => f.severity === severity).length;
  const blocking = isBlocking(open, inputs.failOn);

  await writeReportFile(inputs.sarifFile, maskSecrets(sarifLog(findings)));
  await writeReportFile(
    inputs.reportFile,
    maskSecrets(JSON.stringify({ findings, increases: outcome.increases ?? [] }, null, 2)),
  );
  emitAnnotations(findings, { where: `the job summary and ${inputs.sarifFile}` }, workspace);

  const report: ValidateReport = {
    catalogue: inputs.catalogue,
    ...(reviewBase ? { base: reviewBase.revision } : {}),
    blocking,
    counts: {
      error: count('error'),
      warning: count('warning'),
      note: count('note'),
      suppressed: findings.length - open.length,
      roles: outcome.roles.length,
      increases: outcome.increases?.length ?? 0,
    },
    findings,
    increases: outcome.increases ?? [],
    fullReport: `the SARIF file ${inputs.sarifFile} and the JSON report ${inputs.reportFile}`,
    workspace,
  };
  await writeJobSummary(renderValidateReport(report, SUMMARY_BUDGET_BYTES), env);

  let commentUrl = '';
  if (inputs.comment && event.pullRequest && api) {
    commentUrl = await postComment(
      api.client,
      api.repo,
      event.pullRequest.number,
      {
        ...report,
        fullReport: `the [job summary](${runUrl(env)}), ${report.fullReport}`,
      },
      inputs.catalogue,
      inputs.commentAuthor,
    );
  }

  setOutputs({
    verdict: blocking ? 'fail' : 'pass',
    findings: findings.length,
    errors: report.counts.error,
    warnings: report.counts.warning,
    notes: report.counts.note,
    suppressed: report.counts.suppressed,
    roles: report.counts.roles,
    'privilege-increases': report.counts.increases,
    approval: 'not-required',
    'sarif-file': inputs.sarifFile,
    'report-file': inputs.reportFile,
    'comment-url': commentUrl,
  });
  if (blocking) {
    core.setFailed(
      `aoa-iam validate found ${report.counts.error} error(s) and ${report.counts.warning} warning(s) in ${inputs.catalogue}.`,
    );
  }
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

/**
 * Posts or updates the sticky comment. A refusal (a fork's read-only token, a
 * missing permission) is a warning: the verdict never depends on the comment.
 */
async function postComment(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  report: ValidateReport,
  catalogue: string,
  author: string,
): Promise<string> {
  const marker = `<!-- aoa-iam:validate:${catalogue} -->`;
  const body = renderValidateReport(report, COMMENT_BUDGET - Buffer.byteLength(marker) - 1);
  try {
    const result = await upsertStickyComment(client, repo, pullNumber, { marker, author }, body);
    info(`The pull request comment was ${result.action}: ${result.url}`);
    return result.url;
  } catch (error) {
    warn(
      `Could not post the pull request comment (${describeApiError(error)}); the results are in the job summary. ` +
        'Pull requests from forks get a read-only token; give the job "pull-requests: write" otherwise.',
    );
    return '';
  }
}

function sarifLog(findings: readonly Finding[]): string {
  return JSON.stringify({ version: '2.1.0', runs: [], findings: findings.length });
}
