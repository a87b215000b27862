import * as github from '@actions/github';

/** The REST client the actions use: Octokit as @actions/github configures it. */
export type GitHubClient = ReturnType<typeof github.getOctokit>;

/** Owner and name of a repository. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * A client for the GitHub API named by GITHUB_API_URL (GitHub Enterprise Server,
 * or a test server), authenticated with `token`.
 */
export function gitHubClient(token: string, env: NodeJS.ProcessEnv = process.env): GitHubClient {
  const baseUrl = env.GITHUB_API_URL;
  return github.getOctokit(token, baseUrl ? { baseUrl } : {});
}

/** The repository the workflow runs in, from GITHUB_REPOSITORY. */
export function currentRepo(env: NodeJS.ProcessEnv = process.env): RepoRef {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) {
    throw new Error(
      `GITHUB_REPOSITORY must be "owner/name"; got "${env.GITHUB_REPOSITORY ?? ''}". ` +
        'The runner sets it; set it yourself when running the action elsewhere.',
    );
  }
  return { owner, repo };
}

/** A short description of a failed API call: status and message, never the token. */
export function describeApiError(error: unknown): string {
  if (error && typeof error === 'object' && 'status' in error) {
    const status = (error as { status: unknown }).status;
    const message = error instanceof Error ? error.message : String(error);
    return `HTTP ${String(status)}: ${message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
