import {
  COMMENT_BUDGET,
  currentRepo,
  describeApiError,
  gitHubClient,
  info,
  readWorkflowEvent,
  runUrl,
  upsertStickyIssue,
  warn,
} from '@aoa-iam/action-kit';
import type { AuditReport } from '@aoa-iam/aws';
import type { ExpiredGrant } from './expired-grants.js';
import { openExpiryPullRequest } from './expiry-pull-request.js';
import type { AuditInputs } from './inputs.js';
import { fitReport } from './report-files.js';

/** What the audit found, for the follow-ups on GitHub. */
export interface AuditFindings {
  report: AuditReport;
  /** The full Markdown report. */
  markdown: string;
  /** Expired temporary grants still written in the catalogue. */
  expired: ExpiredGrant[];
  workspace: string;
}

/**
 * The follow-ups on GitHub the inputs ask for: the environment's sticky issue
 * and the pull request that removes expired grants from the catalogue. Each
 * failure is a warning; the audit's verdict never depends on them. Returns the
 * URLs, '' where nothing was kept.
 */
export async function followUp(
  inputs: AuditInputs,
  token: string,
  env: NodeJS.ProcessEnv,
  found: AuditFindings,
): Promise<{ issue: string; pull: string }> {
  const links = { issue: '', pull: '' };
  const wantsPull = inputs.expiredGrantsPr && found.expired.length > 0;
  if (!inputs.issue && !wantsPull) return links;
  const client = gitHubClient(token, env);
  const repo = currentRepo(env);

  if (inputs.issue) {
    try {
      const result = await upsertStickyIssue(
        client,
        repo,
        { marker: `<!-- aoa-iam:audit:${inputs.environment} -->`, author: inputs.author },
        {
          title: `aoa-iam audit: ${inputs.environment}`,
          body: fitReport(
            found.markdown,
            COMMENT_BUDGET - 200,
            `the [job summary](${runUrl(env)})`,
          ),
          labels: [inputs.issueLabel],
          resolved: !hasAnything(found.report),
        },
      );
      info(`The audit issue was ${result.action}${'url' in result ? `: ${result.url}` : ''}.`);
      links.issue = 'url' in result ? result.url : '';
    } catch (error) {
      warn(
        `Could not update the audit issue (${describeApiError(error)}); the report is in the job summary.`,
      );
    }
  }

  if (wantsPull) {
    const repository = readWorkflowEvent(env).payload.repository as
      | { default_branch?: string }
      | undefined;
    try {
      const result = await openExpiryPullRequest(
        client,
        {
          repo,
          base: inputs.baseBranch ?? repository?.default_branch ?? 'main',
          environment: inputs.environment,
          cwd: process.cwd(),
          workspace: found.workspace,
        },
        found.expired,
      );
      info(`The expired-grants pull request was ${result.action}: ${result.url}`);
      links.pull = result.url;
    } catch (error) {
      warn(
        `Could not open the expired-grants pull request (${describeApiError(error)}); ` +
          'the job needs "contents: write" and "pull-requests: write".',
      );
    }
  }
  return links;
}

/** True when the report holds anything an issue should stay open for. */
function hasAnything(report: AuditReport): boolean {
  const { drift, partial, missing, orphans, lookalikes, expiredGrants } = report;
  return [drift, partial, missing, orphans, lookalikes, expiredGrants].some(
    (list) => list.length > 0,
  );
}
