import {
  emitAnnotations,
  fail,
  info,
  optionalInput,
  registerSecrets,
  runnerLogger,
  SUMMARY_BUDGET_BYTES,
  setOutputs,
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
import { followUp } from './follow-ups.js';
import { readAuditInputs } from './inputs.js';
import { fitReport, writeReports } from './report-files.js';

/**
 * The audit action: audits one environment, writes the report (Markdown to the
 * summary, JSON, CSV and Markdown files), optionally keeps one issue per
 * environment and opens the pull request that removes expired grants from the
 * catalogue, then fails or only reports by `fail-on`.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Secrets first: nothing below may print a token before it is registered.
  registerSecrets(env, [optionalInput('github-token') ?? '']);
  const inputs = readAuditInputs();
  const now = inputs.now ?? new Date();
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();

  const loaded = await loadCatalogue(inputs.catalogue, { root: workspace });
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

  const files = await writeReports(inputs.reportDir, report);
  const markdown = renderAudit(report, 'markdown');
  await writeJobSummary(fitReport(markdown, SUMMARY_BUDGET_BYTES, files.markdown), env);
  const failed = auditFails(report, inputs.failOn);
  const expired = findExpiredGrants(loaded.catalogue, inputs.environment, now);

  const links = inputs.token
    ? await followUp(inputs, inputs.token, env, { report, markdown, expired, workspace })
    : { issue: '', pull: '' };

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
    fail(
      `aoa-iam audit of ${inputs.environment} found ${inputs.failOn.join(' or ')} findings; see the job summary and ${files.markdown}.`,
    );
  }
}
