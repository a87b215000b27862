import {
  emitAnnotations,
  fail,
  info,
  readWorkflowEvent,
  registerSecrets,
  runnerLogger,
  SUMMARY_BUDGET_BYTES,
  setOutputs,
  writeJobSummary,
} from '@aoa-iam/action-kit';
import { AccountMismatchError, applyEnvironment, loadEnvironmentTarget } from '@aoa-iam/aws';
import { hasBlockingFindings } from '@aoa-iam/core';
import { eventRefusal } from './event-gate.js';
import { readApplyInputs } from './inputs.js';
import { renderApplyReport } from './report-markdown.js';

/**
 * The apply action: one environment, credentials from the runner's environment,
 * the account checked against the catalogue before anything is read, then plan
 * and apply with a summary and outputs. Nothing secret is printed.
 */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  registerSecrets(env);
  const event = readWorkflowEvent(env);
  const refusal = eventRefusal(event, env.GITHUB_REF);
  if (refusal) {
    fail(refusal);
    return;
  }
  const inputs = readApplyInputs();
  const now = inputs.now ?? new Date();
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();

  const loaded = await loadEnvironmentTarget({
    catalogueFile: inputs.catalogue,
    environment: inputs.environment,
    now,
    // Catalogue and policy files stay inside the checkout.
    root: workspace,
  });
  if (!loaded.target || hasBlockingFindings(loaded.findings)) {
    emitAnnotations(loaded.findings, { where: 'aoa-iam validate on the catalogue' }, workspace);
    fail(
      `aoa-iam apply: the catalogue ${inputs.catalogue} cannot be applied to "${inputs.environment}" ` +
        `(${loaded.findings.filter((f) => f.severity === 'error').length} error(s)); nothing was read or changed.`,
    );
    return;
  }

  info(
    `${inputs.dryRun ? 'Planning (dry run)' : 'Applying'} environment ${inputs.environment} ` +
      `(account ${loaded.target.account}, ${loaded.target.roles.length} roles in the catalogue).`,
  );
  let result: Awaited<ReturnType<typeof applyEnvironment>>;
  try {
    result = await applyEnvironment({
      target: loaded.target,
      connection: {
        ...(inputs.region ? { region: inputs.region } : {}),
        ...(inputs.endpoint ? { endpoint: inputs.endpoint } : {}),
      },
      now,
      logger: runnerLogger(),
      concurrency: inputs.concurrency,
      dryRun: inputs.dryRun,
    });
  } catch (error) {
    if (error instanceof AccountMismatchError) {
      setOutputs({ account: error.actual });
      throw new Error(`aoa-iam apply refused: ${error.message}`);
    }
    throw new Error(`applying environment ${inputs.environment}`, { cause: error });
  }

  const { plan, summary } = result;
  await writeJobSummary(renderApplyReport(plan, summary, SUMMARY_BUDGET_BYTES), env);
  setOutputs({
    account: plan.account,
    changes: plan.changes.length,
    created: summary.created,
    updated: summary.updated,
    deleted: summary.deleted,
    failed: summary.failed,
    unchanged: plan.unchanged.length,
    writes: summary.writes,
    'dry-run': summary.dryRun,
  });
  if (plan.errors.length > 0) {
    emitAnnotations(plan.errors, { where: 'the job summary' }, workspace);
    fail(
      `aoa-iam apply refused environment ${plan.environment}: ${plan.errors.length} error(s) in the plan; nothing was written.`,
    );
  } else if (summary.failed > 0) {
    fail(`aoa-iam apply: ${summary.failed} role change(s) failed; see the job summary.`);
  } else {
    info(
      `Environment ${plan.environment}: ${summary.created} created, ${summary.updated} updated, ` +
        `${summary.deleted} deleted${summary.dryRun ? ' (dry run: nothing written)' : ''}.`,
    );
  }
}
