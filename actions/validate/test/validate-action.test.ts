import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApi } from '../../../test/github-api/server.js';
import { runAction } from '../../shared/test/run-action.js';
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

function apiEnv(): Record<string, string> {
  return { GITHUB_API_URL: api.url };
}

describe('validate action, bundled, on a pull request', () => {
  it('annotates a schema error on its exact line, fails the step and writes every output', async () => {
    const ws = await exampleWorkspace();
    const base = headSha(ws.dir);
    const source = await readFile(path.join(ws.dir, 'aoa-iam.yaml'), 'utf8');
    const head = await ws.commit({
      'aoa-iam.yaml': source.replace(
        '    namespace: checkout\n',
        '    namespace: checkout\n    colour: blue\n',
      ),
    });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW, comment: 'false' },
      event: pullRequestEvent(base, head),
      env: apiEnv(),
    });

    expect(result.exitCode).toBe(1);
    expect(result.commands).toContain(
      '::error file=aoa-iam.yaml,line=136,col=5::catalogue.schema: unknown field "colour" in "apps.checkout-web". Fix: Remove it, or use one of: description, namespace, catalogue, identities, grants, temporary.',
    );
    expect(result.outputs).toMatchObject({
      verdict: 'fail',
      errors: '1',
      'sarif-file': 'aoa-iam.sarif',
      'report-file': 'aoa-iam-report.json',
    });
    expect(result.summary).toMatch(/^## aoa-iam validate: ❌ 1 error block this change\n/);
    expect(result.summary).toContain(
      '| <a href="https://github.test/example-org/platform/blob/c0ffee0000000000000000000000000000000001/aoa-iam.yaml#L136"><code>aoa-iam.yaml:136:5</code></a> |',
    );
    const report = JSON.parse(await readFile(path.join(ws.dir, 'aoa-iam-report.json'), 'utf8'));
    expect(report.findings).toHaveLength(1);
    // comment: false keeps the action off the pull request entirely.
    expect(api.calls('GET', /\/issues\/7\/comments$/)).toEqual([]);
    expect(result.outputs['comment-url']).toBe('');
  });

  it('only reports errors with fail-on never, and says so in the verdict', async () => {
    const ws = await exampleWorkspace();
    const base = headSha(ws.dir);
    const source = await readFile(path.join(ws.dir, 'aoa-iam.yaml'), 'utf8');
    const head = await ws.commit({
      'aoa-iam.yaml': source.replace(
        '    namespace: checkout\n',
        '    namespace: checkout\n    colour: blue\n',
      ),
    });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW, comment: 'false', 'fail-on': 'never' },
      event: pullRequestEvent(base, head),
      env: apiEnv(),
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ verdict: 'pass', errors: '1' });
    expect(result.summary).toMatch(
      /^## aoa-iam validate: ⚠️ 1 error, not blocking \(fail-on: never\)\n/,
    );
  });

  it('creates one sticky comment on the first push and updates it in place on the next', async () => {
    const ws = await exampleWorkspace();
    const base = headSha(ws.dir);
    const number = 21;
    // Someone quoting the marker in their own comment must not be mistaken for the bot.
    api.state.comments.push({
      id: api.state.nextId(),
      issueNumber: number,
      body: 'Look: <!-- aoa-iam:validate:aoa-iam.yaml -->',
      user: { login: 'octo-dev', id: 5001, type: 'User' },
    });

    const first = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW },
      event: pullRequestEvent(base, base, { number }),
      env: apiEnv(),
    });
    expect(first.exitCode).toBe(0);
    const head = await ws.commit({ 'notes.txt': 'second push' });
    const second = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW },
      event: pullRequestEvent(base, head, { number }),
      env: apiEnv(),
    });
    expect(second.exitCode).toBe(0);

    const path = new RegExp(`/issues/${number}/comments$`);
    expect(api.calls('POST', path)).toHaveLength(1);
    expect(api.calls('PATCH', /\/issues\/comments\/\d+$/)).toHaveLength(1);
    const ours = api.state.comments.filter((c) => c.issueNumber === number);
    expect(ours).toHaveLength(2);
    const bot = ours.find((c) => c.user.login === 'github-actions[bot]');
    expect(bot?.body).toMatch(/^<!-- aoa-iam:validate:aoa-iam.yaml -->\n## aoa-iam validate: ✅/);
    expect(second.outputs['comment-url']).toBe(
      `https://github.test/example-org/platform/pull/${number}#issuecomment-${bot?.id}`,
    );
  });

  it('turns a refused comment post into a warning and keeps the verdict', async () => {
    const ws = await exampleWorkspace();
    const base = headSha(ws.dir);
    api.refuse('POST', /\/issues\/31\/comments$/, 403, 'Resource not accessible by integration');

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW },
      event: pullRequestEvent(base, base, { number: 31, fork: true }),
      env: apiEnv(),
    });

    expect(result.exitCode).toBe(0);
    expect(result.outputs.verdict).toBe('pass');
    expect(result.commands.filter((line) => line.startsWith('::warning::'))).toEqual([
      '::warning::Could not post the pull request comment (HTTP 403: Resource not accessible by integration); the results are in the job summary. Pull requests from forks get a read-only token; give the job "pull-requests: write" otherwise.',
    ]);
  });

  it('refuses an input that breaks its rule, naming the input and the rule', async () => {
    const ws = await exampleWorkspace();
    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { 'fail-on': 'sometimes' },
      env: apiEnv(),
    });
    expect(result.exitCode).toBe(1);
    expect(result.commands.filter((line) => !line.startsWith('::add-mask::'))).toEqual([
      '::error::Input "fail-on" must be one of error, warning, never; got "sometimes".',
    ]);
  });
});

describe('validate action and secrets (invariant 6)', () => {
  it('masks a credential quoted in the catalogue in every annotation, summary, comment and file', async () => {
    const ws = await exampleWorkspace();
    const base = headSha(ws.dir);
    const source = await readFile(path.join(ws.dir, 'aoa-iam.yaml'), 'utf8');
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const head = await ws.commit({
      'aoa-iam.yaml': source.replace(
        "reason: INC-4711 rotate the card processor token after the vendor's key rollover.",
        `reason: INC-4711 the leaked key ${key} must be rotated by then.`,
      ),
    });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: '2026-12-20T00:00:00Z' },
      event: pullRequestEvent(base, head, { number: 66 }),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode).toBe(1);
    expect(result.summary).toContain('the leaked key *** must be rotated');
    const comment = api.state.comments.find((c) => c.issueNumber === 66)?.body ?? '';
    const files = await Promise.all(
      ['aoa-iam.sarif', 'aoa-iam-report.json'].map((file) =>
        readFile(path.join(ws.dir, file), 'utf8'),
      ),
    );
    for (const shown of [result.stdout, result.stderr, result.summary, comment, ...files]) {
      expect(shown).not.toContain(key);
    }
  });
});
