import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import {
  BudgetedMarkdown,
  COMMENT_BUDGET,
  currentRepo,
  describeApiError,
  emitAnnotations,
  gitHubClient,
  info,
  readWorkflowEvent,
  registerSecrets,
  runnerLogger,
  runUrl,
  SUMMARY_BUDGET_BYTES,
  setOutputs,
  upsertStickyIssue,
  warn,
  writeJobSummary,
} from '@aoa-iam/action-kit';
import {
  AccountMismatchError,
  type AuditReport,
  auditEnvironment,
  auditFails,
  environmentTarget,
  renderAudit,
} from '@aoa-iam/aws';
import { compileCatalogue, hasBlockingFindings, loadCatalogue } from '@aoa-iam/core';
import { findExpiredGrants } from './expired-grants.js';
import { openExpiryPullRequest } from './expiry-pull-request.js';
import { type AuditInputs, readAuditInputs } from './inputs.js';

/**
 * The audit action: audits one environment, writes the report (Markdown to the
 * summary, JSON, CSV and Markdown files), optionally keeps one issue per
 * environment and opens the pull request that removes expired grants from the
 * catalogue, then fails or only reports by `fail-on`.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = readAuditInputs();
  registerSecrets(env, inputs.token ? [inputs.token] : []);
  const now = inputs.now ?? new Date();
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();

  const loaded = await loadCatalogue(inputs.catalogue);
  const compiled = loaded.catalogue ? compileCatalogue(loaded.catalogue, { now }) : undefined;
  const findings = [...loaded.findings, ...(compiled?.findings ?? [])];
  const target =
    loaded.catalogue && compiled && !hasBlockingFindings(findings)
      ? environmentTarget(loaded.catalogue, compiled.roles, inputs.environment)
      : undefined;
  if (!loaded.catalogue || !target) {
    emitAnnotations(findings, { where: 'aoa-iam validate on the catalogue' }, workspace);
    throw new Error(
      loaded.catalogue && !hasBlockingFindings(findings)
        ? `environment "${inputs.environment}" is not declared in ${inputs.catalogue}; it declares ${[...loaded.catalogue.environments.keys()].join(', ')}`
        : `the catalogue ${inputs.catalogue} does not load or compile; run aoa-iam validate on it`,
    );
  }

  info(`Auditing environment ${inputs.environment} (account ${target.account}).`);
  let report: AuditReport;
  try {
    report = await auditEnvironment({
      target,
      connection: {
        ...(inputs.region ? { region: inputs.region } : {}),
        ...(inputs.endpoint ? { endpoint: inputs.endpoint } : {}),
      },
      now,
      logger: runnerLogger(),
      unusedDays: inputs.unusedDays,
      services: inputs.services,
      ...(inputs.assumedWithinSeconds
        ? {
            window: { from: new Date(now.getTime() - inputs.assumedWithinSeconds * 1000), to: now },
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof AccountMismatchError)
      throw new Error(`aoa-iam audit refused: ${error.message}`);
    throw new Error(`auditing environment ${inputs.environment}`, { cause: error });
  }

  const files = await writeReports(inputs, report);
  const markdown = renderAudit(report, 'markdown');
  await writeJobSummary(fitReport(markdown, SUMMARY_BUDGET_BYTES, files.markdown), env);
  const failed = auditFails(report, inputs.failOn);
  const expired = findExpiredGrants(loaded.catalogue, inputs.environment, now);

  const links = { issue: '', pull: '' };
  if (inputs.token && (inputs.issue || (inputs.expiredGrantsPr && expired.length > 0))) {
    const client = gitHubClient(inputs.token, env);
    const repo = currentRepo(env);
    if (inputs.issue) {
      links.issue = await keepIssue(() =>
        upsertStickyIssue(
          client,
          repo,
          { marker: `<!-- aoa-iam:audit:${inputs.environment} -->`, author: inputs.author },
          {
            title: `aoa-iam audit: ${inputs.environment}`,
            body: fitReport(markdown, COMMENT_BUDGET - 200, `the [job summary](${runUrl(env)})`),
            labels: [inputs.issueLabel],
            resolved: !hasAnything(report),
          },
        ),
      );
    }
    if (inputs.expiredGrantsPr && expired.length > 0) {
      const event = readWorkflowEvent(env);
      const repository = event.payload.repository as { default_branch?: string } | undefined;
      links.pull = await keepPullRequest(() =>
        openExpiryPullRequest(
          client,
          {
            repo,
            base: inputs.baseBranch ?? repository?.default_branch ?? 'main',
            environment: inputs.environment,
            cwd: process.cwd(),
            workspace,
          },
          expired,
        ),
      );
    }
  }

  setOutputs({
    failed,
    drift: report.drift.length,
    partial: report.partial.length,
    missing: report.missing.length,
    orphans: report.orphans.length,
    lookalikes: report.lookalikes.length,
    'expired-grants': report.expiredGrants.length,
    'expired-in-catalogue': expired.length,
    unused: report.unused.length,
    'report-json': files.json,
    'report-csv': files.csv,
    'report-markdown': files.markdown,
    'issue-url': links.issue,
    'pull-request-url': links.pull,
  });
  if (failed) {
    core.setFailed(
      `aoa-iam audit of ${inputs.environment} found ${inputs.failOn.join(' or ')} findings; see the job summary and ${files.markdown}.`,
    );
  }
}

async function writeReports(
  inputs: AuditInputs,
  report: AuditReport,
): Promise<{ json: string; csv: string; markdown: string }> {
  await mkdir(inputs.reportDir, { recursive: true });
  const base = path.join(inputs.reportDir, `aoa-iam-audit-${inputs.environment}`);
  const files = { json: `${base}.json`, csv: `${base}.csv`, markdown: `${base}.md` };
  await writeFile(files.json, renderAudit(report, 'json'), 'utf8');
  await writeFile(files.csv, renderAudit(report, 'csv'), 'utf8');
  await writeFile(files.markdown, renderAudit(report, 'markdown'), 'utf8');
  return files;
}

/** The Markdown report within `budget`, cut at a line with a pointer to the full text. */
function fitReport(markdown: string, budget: number, fullReport: string): string {
  const doc = new BudgetedMarkdown(budget);
  doc.add(
    markdown,
    (n) =>
      `_${n} more lines were cut to stay under GitHub's size limit; the full report is in ${fullReport}._`,
  );
  return doc.toString();
}

function hasAnything(report: AuditReport): boolean {
  return (
    report.drift.length +
      report.partial.length +
      report.missing.length +
      report.orphans.length +
      report.lookalikes.length +
      report.expiredGrants.length >
    0
  );
}

/** A failed issue update is a warning: the audit's verdict never depends on it. */
async function keepIssue(
  upsert: () => Promise<{ action: string } & Partial<{ url: string }>>,
): Promise<string> {
  try {
    const result = await upsert();
    info(`The audit issue was ${result.action}${result.url ? `: ${result.url}` : ''}.`);
    return result.url ?? '';
  } catch (error) {
    warn(
      `Could not update the audit issue (${describeApiError(error)}); the report is in the job summary.`,
    );
    return '';
  }
}

/** A failed pull request is a warning: the audit's verdict never depends on it. */
async function keepPullRequest(
  open: () => Promise<{ action: string; url: string }>,
): Promise<string> {
  try {
    const result = await open();
    info(`The expired-grants pull request was ${result.action}: ${result.url}`);
    return result.url;
  } catch (error) {
    warn(
      `Could not open the expired-grants pull request (${describeApiError(error)}); ` +
        'the job needs "contents: write" and "pull-requests: write".',
    );
    return '';
  }
}
