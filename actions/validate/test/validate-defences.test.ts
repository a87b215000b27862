import { appendFile, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApi } from '../../../test/github-api/server.js';
import { runAction, TEST_TOKEN } from '../../shared/test/run-action.js';
import { exampleWorkspace, headSha } from '../../shared/test/workspace.js';
import { pullRequestEvent } from './pull-request-event.js';

const NOW = '2026-12-04T12:00:00Z';
let api: GitHubApiServer;

beforeAll(async () => {
  api = await startGitHubApi();
});
afterAll(async () => {
  await api.close();
});

/** What actions/checkout writes into .git/config: the token, base64-encoded in a header. */
const CHECKOUT_HEADER = Buffer.from(`x-access-token:${TEST_TOKEN}`).toString('base64');

describe('validate action against a pull request that reaches for the checkout token', () => {
  it.each([
    ['.git/config', '.git/config'],
    ['a file outside the checkout', '../outside-the-checkout.json'],
  ])('refuses a policyFile pointing at %s and never shows the token', async (_what, target) => {
    const ws = await exampleWorkspace();
    await appendFile(
      path.join(ws.dir, '.git', 'config'),
      `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${CHECKOUT_HEADER}\n`,
    );
    await writeFile(
      path.join(ws.dir, '..', 'outside-the-checkout.json'),
      JSON.stringify({ Statement: [{ Sid: `AUTHORIZATION: basic ${CHECKOUT_HEADER}` }] }),
    );
    const base = headSha(ws.dir);
    const source = await readFile(path.join(ws.dir, 'aoa-iam.yaml'), 'utf8');
    const head = await ws.commit({
      'aoa-iam.yaml': source.replace(
        'capabilities:\n',
        `capabilities:\n  leak:\n    policyFile: ${target}\n`,
      ),
    });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW },
      event: pullRequestEvent(base, head, { number: 77 }),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.verdict).toBe('fail');
    const comment = api.state.comments.find((c) => c.issueNumber === 77)?.body ?? '';
    const files = await Promise.all(
      ['aoa-iam.sarif', 'aoa-iam-report.json'].map((file) =>
        readFile(path.join(ws.dir, file), 'utf8'),
      ),
    );
    const log = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(comment).not.toBe('');
    for (const shown of [log, result.stderr, result.summary, comment, ...files]) {
      expect(shown).not.toContain(TEST_TOKEN);
      expect(shown).not.toContain(CHECKOUT_HEADER);
      expect(shown).not.toContain(Buffer.from(TEST_TOKEN).toString('base64').slice(0, 20));
    }
    api.state.comments.splice(0);
  });
});
