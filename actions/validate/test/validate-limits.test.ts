import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApi } from '../../../test/github-api/server.js';
import { runAction } from '../../shared/test/run-action.js';
import { sarifSchemaErrors } from '../../shared/test/sarif-schema.js';
import { exampleWorkspace } from '../../shared/test/workspace.js';
import { expiredGrantsCatalogue, grantedCatalogue } from './generated-catalogues.js';
import { pullRequestEvent } from './pull-request-event.js';

const NOW = '2026-12-04T12:00:00Z';
let api: GitHubApiServer;

beforeAll(async () => {
  api = await startGitHubApi();
});
afterAll(async () => {
  await api.close();
});

describe('validate action at GitHub’s limits', () => {
  it('annotates the 10 most severe of 37 errors, notes the 27 others, and fails on all 37', async () => {
    const ws = await exampleWorkspace(false);
    const base = await ws.commit({ 'aoa-iam.yaml': expiredGrantsCatalogue(37) });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW, comment: 'false' },
      event: pullRequestEvent(base, base),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ errors: '37', findings: '37', verdict: 'fail' });
    const errors = result.commands.filter((line) => line.startsWith('::error file='));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toBe(
      '::error file=aoa-iam.yaml,line=33,col=9::expiry.expired: temporary grant of read-receipts to api of app-00 in staging expired at 2026-11-20T00:00:00Z (14.5 days ago); reason was: INC-0 rotate the token. Fix: Remove the grant, or extend "expires" with a new reason.',
    );
    expect(result.commands.filter((line) => line.startsWith('::notice'))).toEqual([
      '::notice::27 more findings are not annotated (27 errors), since GitHub shows at most 10 of each level per step: see the job summary and aoa-iam.sarif.',
    ]);
    expect(result.summary.match(/expiry\.expired/g)).toHaveLength(37);
    const sarif = JSON.parse(await readFile(path.join(ws.dir, 'aoa-iam.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(37);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  it('keeps the sticky comment under 60,000 characters for 400 new roles with non-ASCII text', async () => {
    const ws = await exampleWorkspace(false);
    const base = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(0) });
    const head = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(200) });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW },
      event: pullRequestEvent(base, head, { number: 400 }),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.roles).toBe('400');
    expect(Number(result.outputs['privilege-increases'])).toBeGreaterThanOrEqual(400);
    const comment = api.state.comments.find((c) => c.issueNumber === 400);
    const body = comment?.body ?? '';
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(60_000);
    expect(body.length).toBeLessThanOrEqual(60_000);
    // No character was split: the text survives a round trip through UTF-8 unchanged.
    expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body);
    expect(body).toContain('領収書');
    expect(body).toMatch(
      /_\d+ more (finding|increase) rows were cut to stay under the size limit: the \[job summary\]\(https:\/\/github\.test\/example-org\/platform\/actions\/runs\/4242\)/,
    );
    // The job summary has room for every role.
    expect(Buffer.byteLength(result.summary)).toBeLessThan(1024 * 1024);
    expect(
      result.summary.match(/\| <code>app-\d{3}-staging-(api|worker)<\/code> \| new-role \|/g),
    ).toHaveLength(400);
    // The napkin graph is there, under Mermaid's 50,000-character limit, saying what was cut.
    const graph = result.summary.match(/```mermaid\n([\s\S]*?)```/)?.[1] ?? '';
    expect(graph).toMatch(/^flowchart LR\n/);
    expect(Buffer.byteLength(graph)).toBeLessThanOrEqual(50_000);
    expect(graph.includes('more lines of this graph were cut')).toBe(
      result.summary.includes('_The graph was cut to its first'),
    );
  });
});
