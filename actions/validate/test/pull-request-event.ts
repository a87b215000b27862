import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'fixtures',
  'pull_request.synchronize.json',
);

/** A real-shaped `pull_request` (synchronize) event for pull request `number`. */
export function pullRequestEvent(
  baseSha: string,
  headSha: string,
  options: { number?: number; fork?: boolean } = {},
): { name: string; payload: Record<string, unknown> } {
  const payload = JSON.parse(
    readFileSync(FIXTURE, 'utf8').replaceAll('BASE_SHA', baseSha).replaceAll('HEAD_SHA', headSha),
  ) as { number: number; pull_request: Record<string, unknown> & { head: { repo: unknown } } };
  const number = options.number ?? 7;
  payload.number = number;
  payload.pull_request.number = number;
  if (options.fork) {
    payload.pull_request.head.repo = {
      id: 601,
      name: 'platform',
      full_name: 'outside-contributor/platform',
      private: false,
    };
  }
  return { name: 'pull_request', payload };
}
