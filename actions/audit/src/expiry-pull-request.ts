import * as path from 'node:path';
import { type GitHubClient, markdownTable, type RepoRef, text } from '@aoa-iam/action-kit';
import { maskSecrets } from '@aoa-iam/core';
import { removeYamlNodes } from './catalogue-edit.js';
import type { ExpiredGrant } from './expired-grants.js';

/** Where the pull request goes and what it is made from. */
export interface ExpiryPullRequestTarget {
  repo: RepoRef;
  /** Branch the pull request merges into (the default branch). */
  base: string;
  environment: string;
  /** Directory the catalogue paths are relative to, and the repository root. */
  cwd: string;
  workspace: string;
}

/** What was done. */
export interface ExpiryPullRequestResult {
  action: 'created' | 'updated';
  number: number;
  url: string;
  branch: string;
}

/** The branch aoa-iam keeps one such pull request on, per environment. */
export function expiryBranch(environment: string): string {
  return `aoa-iam/expired-grants-${environment}`;
}

/**
 * Opens, or updates in place, the one pull request that removes `expired`
 * grants from the catalogue files, so Git stays the truth and the next apply
 * removes them from AWS. The branch is reset to the base branch first, so the
 * pull request always holds exactly today's removals. Files are edited through
 * the contents API on the YAML tree, keeping every comment.
 */
export async function openExpiryPullRequest(
  client: GitHubClient,
  target: ExpiryPullRequestTarget,
  expired: readonly ExpiredGrant[],
): Promise<ExpiryPullRequestResult> {
  const { repo } = target;
  const branch = expiryBranch(target.environment);
  const { data: baseRef } = await client.rest.git.getRef({ ...repo, ref: `heads/${target.base}` });
  const baseSha = baseRef.object.sha;
  try {
    await client.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    await client.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: baseSha, force: true });
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    await client.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: baseSha });
  }

  const byFile = new Map<string, ExpiredGrant[]>();
  for (const entry of expired) byFile.set(entry.file, [...(byFile.get(entry.file) ?? []), entry]);
  for (const [file, grants] of byFile) {
    const repoPath = path
      .relative(target.workspace, path.resolve(target.cwd, file))
      .split(path.sep)
      .join('/');
    const { data } = await client.rest.repos.getContent({ ...repo, path: repoPath, ref: branch });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
      throw new Error(`${repoPath} on ${branch} is not a file`);
    }
    const before = Buffer.from(data.content, 'base64').toString('utf8');
    const after = removeYamlNodes(
      before,
      grants.map((entry) => entry.grant.pointer),
    );
    await client.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: repoPath,
      branch,
      sha: data.sha,
      message: `Remove ${grants.length} expired temporary grant(s) from ${repoPath} (${target.environment})`,
      content: Buffer.from(after, 'utf8').toString('base64'),
    });
  }

  const title = `aoa-iam: remove expired temporary grants (${target.environment})`;
  const body = maskSecrets(pullRequestBody(target.environment, expired));
  const { data: open } = await client.rest.pulls.list({
    ...repo,
    state: 'open',
    head: `${repo.owner}:${branch}`,
    per_page: 10,
  });
  const existing = open[0];
  if (existing) {
    const { data } = await client.rest.pulls.update({
      ...repo,
      pull_number: existing.number,
      title,
      body,
    });
    return { action: 'updated', number: data.number, url: data.html_url, branch };
  }
  const { data } = await client.rest.pulls.create({
    ...repo,
    title,
    body,
    head: branch,
    base: target.base,
  });
  return { action: 'created', number: data.number, url: data.html_url, branch };
}

function pullRequestBody(environment: string, expired: readonly ExpiredGrant[]): string {
  const rows = expired.map(({ app, grant }) =>
    [app, grant.identity, grant.capabilities.join(', '), grant.expires, grant.reason].map(text),
  );
  return [
    `These temporary grants in **${text(environment)}** have expired. Merging this pull request removes them from the catalogue, so the catalogue in Git stays the truth; apply already leaves expired grants out of AWS.`,
    '',
    markdownTable(['app', 'identity', 'capabilities', 'expired', 'reason'], rows),
    '',
    '<sub>Opened by the aoa-iam audit action; it updates this pull request on every run.</sub>',
  ].join('\n');
}
