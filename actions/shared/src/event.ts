import { readFileSync } from 'node:fs';

/** The pull request an event is about, as the actions need it. */
export interface PullRequestRef {
  number: number;
  baseSha: string;
  headSha: string;
  /** True when the head branch lives in another repository (a fork). */
  fromFork: boolean;
}

/** The workflow's triggering event: its name and payload. */
export interface WorkflowEvent {
  name: string;
  payload: Record<string, unknown>;
  /** Set for `pull_request`, `pull_request_target` and `pull_request_review` events. */
  pullRequest?: PullRequestRef;
}

/**
 * Reads the event the runner describes in GITHUB_EVENT_NAME and the JSON file
 * at GITHUB_EVENT_PATH. A missing file is an empty payload (a local run).
 */
export function readWorkflowEvent(env: NodeJS.ProcessEnv = process.env): WorkflowEvent {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const file = env.GITHUB_EVENT_PATH;
  let payload: Record<string, unknown> = {};
  if (file) {
    try {
      payload = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`reading the event payload at GITHUB_EVENT_PATH=${file}`, { cause: error });
    }
  }
  const pr = payload.pull_request as
    | {
        number?: number;
        base?: { sha?: string; repo?: { full_name?: string } };
        head?: { sha?: string; repo?: { full_name?: string } | null };
      }
    | undefined;
  if (!pr || typeof pr.number !== 'number') return { name, payload };
  return {
    name,
    payload,
    pullRequest: {
      number: pr.number,
      baseSha: pr.base?.sha ?? '',
      headSha: pr.head?.sha ?? '',
      fromFork: (pr.head?.repo?.full_name ?? '') !== (pr.base?.repo?.full_name ?? ''),
    },
  };
}

/** The repository's web address, e.g. `https://github.com/OWNER/REPO`. */
export function repoUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY ?? ''}`;
}

/** The link to this workflow run, where the job summary is. */
export function runUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `${repoUrl(env)}/actions/runs/${env.GITHUB_RUN_ID ?? ''}`;
}
