import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { GitHubClient, RepoRef } from '@aoa-iam/action-kit';
import { gitRevisionReader } from '@aoa-iam/core';

const run = promisify(execFile);

/**
 * Reads a file of the catalogue tree as it was at the base revision. A file the
 * revision does not have fails with `code: 'ENOENT'`, as the disk would.
 */
export type BaseFileReader = (file: string) => Promise<Uint8Array>;

/**
 * A reader for the base revision: from the local clone when it has the commit
 * (a checkout with `fetch-depth: 0` or `2`), else through the GitHub contents
 * API, which needs only the read access every pull request's token has, forks
 * included. Paths are taken relative to `cwd`; the API reads them relative to
 * the repository root `workspace`.
 */
export async function baseFileReader(
  revision: string,
  cwd: string,
  workspace: string,
  api: { client: GitHubClient; repo: RepoRef } | undefined,
): Promise<{ read: BaseFileReader; source: 'git' | 'api' }> {
  if (await hasCommit(revision, cwd))
    return { source: 'git', read: gitRevisionReader(revision, cwd) };
  if (!api) {
    throw new Error(
      `the base revision ${revision} is not in the local clone and "github-token" is empty: ` +
        'check out with "fetch-depth: 0", or pass a token that can read the repository.',
    );
  }
  const repoPath = (file: string): string =>
    path.relative(workspace, path.resolve(cwd, file)).split(path.sep).join('/');
  return {
    source: 'api',
    read: async (file) => {
      try {
        const { data } = await api.client.rest.repos.getContent({
          ...api.repo,
          path: repoPath(file),
          ref: revision,
        });
        if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) {
          throw Object.assign(new Error(`${file} is not a file at ${revision}`), {
            code: 'EISDIR',
          });
        }
        return new Uint8Array(Buffer.from(data.content, 'base64'));
      } catch (error) {
        if ((error as { status?: number }).status === 404) {
          throw Object.assign(
            new Error(`${file} does not exist at ${revision}`, { cause: error }),
            {
              code: 'ENOENT',
            },
          );
        }
        throw error;
      }
    },
  };
}

async function hasCommit(revision: string, cwd: string): Promise<boolean> {
  try {
    await run('git', ['cat-file', '-e', `${revision}^{commit}`], { cwd });
    return true;
  } catch {
    return false;
  }
}
