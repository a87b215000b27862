import type { GitHubClient, RepoRef } from './github-client.js';
import { utf8Length } from './text-budget.js';

/**
 * GitHub refuses comment and issue bodies over 65,536 characters; aoa-iam stays
 * under 60,000, counted in UTF-8 bytes so non-ASCII text can never push it over.
 */
export const COMMENT_BUDGET = 60_000;

/** The author a sticky comment is recognised by when the token is the workflow's own. */
export const DEFAULT_BOT_LOGIN = 'github-actions[bot]';

/** What identifies one sticky comment or issue among others. */
export interface StickyIdentity {
  /** Hidden HTML comment put first in the body, e.g. `<!-- aoa-iam:validate:aoa-iam.yaml -->`. */
  marker: string;
  /** Login that wrote it; someone quoting the marker in their own comment is not matched. */
  author: string;
}

/** What an upsert did. */
export interface StickyResult {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

/** Prefixes `body` with the marker and checks it against {@link COMMENT_BUDGET}. */
export function stickyBody(marker: string, body: string): string {
  const full = `${marker}\n${body}`;
  const size = utf8Length(full);
  if (size > COMMENT_BUDGET) {
    throw new Error(
      `Bug: a sticky body of ${size} bytes exceeds the ${COMMENT_BUDGET}-byte budget; ` +
        'the caller must fit it first.',
    );
  }
  return full;
}

/**
 * Creates the pull request's sticky comment, or updates it in place when one
 * with the same marker by the same author exists, so every push edits one
 * comment instead of adding another.
 */
export async function upsertStickyComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  identity: StickyIdentity,
  body: string,
): Promise<StickyResult> {
  const full = stickyBody(identity.marker, body);
  const comments = await client.paginate(client.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const existing = comments.find(
    (comment) =>
      comment.user?.login === identity.author && (comment.body ?? '').includes(identity.marker),
  );

  if (existing) {
    const { data } = await client.rest.issues.updateComment({
      ...repo,
      comment_id: existing.id,
      body: full,
    });
    return { action: 'updated', id: data.id, url: data.html_url };
  }
  const { data } = await client.rest.issues.createComment({
    ...repo,
    issue_number: issueNumber,
    body: full,
  });
  return { action: 'created', id: data.id, url: data.html_url };
}
