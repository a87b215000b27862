import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApi } from '../../../test/github-api/server.js';
import { runAction } from '../../shared/test/run-action.js';
import { sarifSchemaErrors } from '../../shared/test/sarif-schema.js';
import { exampleWorkspace } from '../../shared/test/workspace.js';
import { grantedCatalogue } from './generated-catalogues.js';
import { pullRequestEvent } from './pull-request-event.js';

const NOW = '2026-12-04T12:00:00Z';
const RULE = `review:
  increases:
    labels: [iam-approved]
    teams: [example-org/platform-security]`;
let api: GitHubApiServer;

beforeAll(async () => {
  api = await startGitHubApi();
  api.state.teams.set('example-org/platform-security', ['sec-lead']);
});
afterAll(async () => {
  await api.close();
});

/** A pull request that grows the catalogue from 1 app to 2, with the approval rule. */
async function increasingPullRequest(
  labels: string[],
  reviews: Array<[string, 'APPROVED' | 'COMMENTED' | 'CHANGES_REQUESTED']>,
) {
  const ws = await exampleWorkspace(false);
  const base = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(1, RULE) });
  const head = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(2, RULE) });
  const number = api.addIssue({
    title: 'Add app-001',
    body: '',
    state: 'open',
    labels,
    user: { login: 'octo-dev', id: 5001, type: 'User' },
    pull: {
      head: 'add-app',
      base: 'main',
      reviews: reviews.map(([login, state], i) => ({
        id: 9000 + i,
        user: { login, id: 7000 + i, type: 'User' as const },
        state,
        submitted_at: NOW,
      })),
    },
  });
  const result = await runAction('validate', {
    workspace: ws.dir,
    inputs: { now: NOW, comment: 'false' },
    event: pullRequestEvent(base, head, { number }),
    env: { GITHUB_API_URL: api.url },
  });
  return { ws, result, number };
}

describe('validate action: review against the base and the approval gate', () => {
  it('fails a privilege increase that lacks the approval the catalogue asks for', async () => {
    const { result, ws } = await increasingPullRequest([], [['octo-reviewer', 'APPROVED']]);

    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ approval: 'missing', verdict: 'fail' });
    expect(Number(result.outputs['privilege-increases'])).toBeGreaterThan(0);
    expect(result.commands).toContain(
      `::error file=aoa-iam.yaml,line=1,col=1::review.approval-required: ${result.outputs['privilege-increases']} privilege increases need label iam-approved or an approving review by a member of example-org/platform-security. Fix: Add one of the labels to the pull request, or ask a listed team for an approving review.`,
    );
    expect(result.summary).toContain('⛔ Approval for privilege increases:');
    expect(result.summary).toMatch(
      /\| <code>app-001-staging-api<\/code> \| new-role \| new role trusting system:serviceaccount:ns-1:api \|/,
    );
    const sarif = JSON.parse(await readFile(path.join(ws.dir, 'aoa-iam.sarif'), 'utf8'));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const report = JSON.parse(await readFile(path.join(ws.dir, 'aoa-iam-report.json'), 'utf8'));
    expect(report.review.approval).toMatchObject({ required: true, satisfied: false });
    // Every output counts the same findings: step outputs, summary, JSON and SARIF.
    const sarifWarnings = sarif.runs[0].results.filter(
      (r: { level: string }) => r.level === 'warning',
    ).length;
    expect(Number(result.outputs.warnings)).toBeGreaterThan(0);
    expect(report.summary.warnings).toBe(Number(result.outputs.warnings));
    expect(sarifWarnings).toBe(Number(result.outputs.warnings));
    expect(report.summary.errors).toBe(Number(result.outputs.errors));
    expect(result.summary).toContain(
      `| ${result.outputs.errors} | ${result.outputs.warnings} | ${result.outputs.notes} | 0 | 4 |`,
    );
  });

  it('passes the same increase once the pull request carries the label', async () => {
    const { result, number } = await increasingPullRequest(['iam-approved'], []);

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs.approval).toBe('granted');
    expect(result.summary).toContain(
      '✅ Approval for privilege increases: approved by label iam-approved.',
    );
    expect(api.calls('GET', new RegExp(`/issues/${number}/labels$`))).toHaveLength(1);
  });

  it('passes it on an approving review by a member of the listed team', async () => {
    const { result } = await increasingPullRequest(
      [],
      [
        ['octo-reviewer', 'APPROVED'],
        ['sec-lead', 'APPROVED'],
        ['sec-lead', 'COMMENTED'],
      ],
    );

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.summary).toContain('approved by sec-lead of example-org/platform-security');
  });

  it('judges the change by the base catalogue’s rule, so removing the rule in the pull request does not lift it', async () => {
    const ws = await exampleWorkspace(false);
    const base = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(1, RULE) });
    const head = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(2) });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW, comment: 'false' },
      event: pullRequestEvent(base, head),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode).toBe(1);
    expect(result.outputs.approval).toBe('missing');
  });

  it('reports an approval rule that names an environment the catalogue does not declare', async () => {
    const rule = `${RULE}\n    environments: [prod]`;
    const ws = await exampleWorkspace(false);
    const base = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(1, rule) });
    const head = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(2, rule) });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW, comment: 'false' },
      event: pullRequestEvent(base, head),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode).toBe(1);
    expect(result.commands).toContain(
      '::error file=aoa-iam.yaml,line=1,col=1::review.invalid-rule: review.increases.environments names "prod", which the catalogue does not declare (it declares staging). Fix: Write review: { increases: { labels: [...], teams: [...] } }.',
    );
  });

  it('reviews a catalogue the pull request adds as all new roles', async () => {
    const ws = await exampleWorkspace(false);
    const base = await ws.commit({ 'README.md': 'No catalogue yet.\n' });
    const head = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(1) });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW, comment: 'false' },
      event: pullRequestEvent(base, head),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.summary).toMatch(/\| <code>app-000-staging-api<\/code> \| new-role \|/);
    expect(result.summary).toMatch(/\| <code>app-000-staging-worker<\/code> \| new-role \|/);
  });

  it('reads the base catalogue through the GitHub API when the clone lacks the base commit', async () => {
    const ws = await exampleWorkspace(false);
    const baseText = grantedCatalogue(1);
    const base = api.state.commit('main', { 'aoa-iam.yaml': baseText });
    const head = await ws.commit({ 'aoa-iam.yaml': grantedCatalogue(2) });

    const result = await runAction('validate', {
      workspace: ws.dir,
      inputs: { now: NOW, comment: 'false' },
      event: pullRequestEvent(base, head),
      env: { GITHUB_API_URL: api.url },
    });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(api.calls('GET', /\/contents\/aoa-iam\.yaml$/).at(-1)?.query).toEqual({ ref: base });
    expect(result.summary).toMatch(/\| <code>app-001-staging-worker<\/code> \| new-role \|/);
    expect(result.summary).not.toMatch(/<code>app-000-staging-api<\/code> \| new-role/);
  });
});
