import {
  COMMENT_BUDGET,
  describeApiError,
  type GitHubClient,
  info,
  type RepoRef,
  upsertStickyComment,
  utf8Length,
  warn,
} from '@aoa-iam/action-kit';
import { renderValidateReport, type ValidateReport } from './report-markdown.js';

/**
 * Posts or updates the pull request's one sticky comment for this catalogue.
 * A refusal (a fork's read-only token, a missing permission) is a warning: the
 * verdict never depends on the comment. Returns the comment's URL, or ''.
 */
export async function postStickyReport(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  report: ValidateReport,
  author: string,
): Promise<string> {
  const marker = `<!-- aoa-iam:validate:${report.catalogue} -->`;
  const body = renderValidateReport(report, COMMENT_BUDGET - utf8Length(marker) - 1);
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
