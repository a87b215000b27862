import type { GitHubClient, RepoRef } from './github-client.js';
import type { StickyIdentity, StickyResult } from './sticky-comment.js';
import { stickyBody } from './sticky-comment.js';

/** What one sticky issue should say. */
export interface StickyIssueContent {
  title: string;
  body: string;
  /** Labels the issue carries; the first is also used to find it. */
  labels: string[];
  /** Close the issue (when it exists) instead of keeping it open: nothing left to report. */
  resolved: boolean;
}

/** What an issue upsert did; `unchanged` when resolved and there was no issue to close. */
export type StickyIssueResult =
  | StickyResult
  | { action: 'closed'; id: number; url: string }
  | {
      action: 'unchanged';
    };

/**
 * Keeps one open issue per marker (one per environment for audit): creates it
 * when there are findings, updates it in place while there are, and closes it
 * when the findings are gone.
 */
export async function upsertStickyIssue(
  client: GitHubClient,
  repo: RepoRef,
  identity: StickyIdentity,
  content: StickyIssueContent,
): Promise<StickyIssueResult> {
  const full = stickyBody(identity.marker, content.body);
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    ...repo,
    state: 'open',
    labels: content.labels[0] ?? '',
    per_page: 100,
  });
  const existing = issues.find(
    (issue) =>
      !issue.pull_request &&
      issue.user?.login === identity.author &&
      (issue.body ?? '').includes(identity.marker),
  );

  if (!existing) {
    if (content.resolved) return { action: 'unchanged' };
    const { data } = await client.rest.issues.create({
      ...repo,
      title: content.title,
      body: full,
      labels: content.labels,
    });
    return { action: 'created', id: data.number, url: data.html_url };
  }

  const { data } = await client.rest.issues.update({
    ...repo,
    issue_number: existing.number,
    title: content.title,
    body: full,
    ...(content.resolved ? { state: 'closed' as const, state_reason: 'completed' as const } : {}),
  });
  return { action: content.resolved ? 'closed' : 'updated', id: data.number, url: data.html_url };
}
