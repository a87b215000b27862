import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { GitHubClient, RepoRef } from '@aoa-iam/action-kit';

const run = promisify(execFile);

/** Reads a file of the catalogue tree as it was at the base revision. */
export type BaseFileReader = (file: string) => Promise<Uint8Array>;

/** A file the base revision does not have (a catalogue the pull request adds). */
export class MissingAtBase extends Error {
  override name = 'MissingAtBase';
}

/**
 * A reader for the base revision: from the local git clone when it has the
 * commit (a checkout with `fetch-depth: 0` or `2`), else through the GitHub
 * contents API, which needs only the read access every pull request's token has,
 * forks included. Paths are taken relative to `cwd` and read relative to the
 * repository root `workspace`.
 */
export async function baseFileReader(
  revision: string,
  cwd: string,
  workspace: string,
  api: { client: GitHubClient; repo: RepoRef } | undefined,
): Promise<{ read: BaseFileReader; source: 'git' | 'api' }> {
  const repoPath = (file: string): string =>
    path.relative(workspace, path.resolve(cwd, file)).split(path.sep).join('/');

  if (await hasCommit(revision, workspace)) {
    return {
      source: 'git',
      read: async (file) => {
        try {
          const { stdout } = await run('git', ['show', `${revision}:${repoPath(file)}`], {
            cwd: workspace,
            encoding: 'buffer',
            maxBuffer: 64 * 1024 * 1024,
          });
          return stdout;
        } catch (error) {
          throw new MissingAtBase(`${file} does not exist at ${revision}`, { cause: error });
        }
      },
    };
  }
  if (!api) {
    throw new Error(
      `the base revision ${revision} is not in the local clone and no GitHub token was given: ` +
        'check out with "fetch-depth: 0" or pass "github-token".',
    );
  }
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
          throw new Error(`${file} is not a file at ${revision}`);
        }
        return Buffer.from(data.content, 'base64');
      } catch (error) {
        if ((error as { status?: number }).status === 404) {
          throw new MissingAtBase(`${file} does not exist at ${revision}`, { cause: error });
        }
        throw error;
      }
    },
  };
}

async function hasCommit(revision: string, workspace: string): Promise<boolean> {
  try {
    await run('git', ['cat-file', '-e', `${revision}^{commit}`], { cwd: workspace });
    return true;
  } catch {
    return false;
  }
}
