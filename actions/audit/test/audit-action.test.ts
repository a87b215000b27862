import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubApiServer, startGitHubApi } from '../../../test/github-api/server.js';
import { type IamEmulator, startIamEmulator } from '../../../test/iam-emulator/index.js';
import { runAction } from '../../shared/test/run-action.js';
import { TEST_AWS_CREDENTIALS } from '../../shared/test/test-fixtures.js';
import { exampleWorkspace, type Workspace } from '../../shared/test/workspace.js';

const NOW = '2026-12-04T12:00:00Z';

let api: GitHubApiServer;
let emulator: IamEmulator;
let ws: Workspace;

beforeAll(async () => {
  api = await startGitHubApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(async () => {
  emulator = await startIamEmulator({ accountId: '111111111111' });
  emulator.account.addManagedPolicy('aoa-iam-boundary');
  ws = await exampleWorkspace();
});
afterEach(async () => {
  await emulator.close();
});

function action(name: 'apply' | 'audit', inputs: Record<string, string> = {}, now = NOW) {
  return runAction(name, {
    workspace: ws.dir,
    inputs: { environment: 'staging', now, endpoint: emulator.url, ...inputs },
    // apply runs on the merge to main; audit on the nightly schedule.
    event:
      name === 'apply'
        ? {
            name: 'push',
            payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
          }
        : {
            name: 'schedule',
            payload: { schedule: '17 3 * * *', repository: { default_branch: 'main' } },
          },
    env: { ...TEST_AWS_CREDENTIALS, GITHUB_API_URL: api.url },
  });
}

describe('audit action, bundled, against the IAM emulator', () => {
  it('reports a freshly applied environment as clean and writes JSON, CSV and Markdown files', async () => {
    expect((await action('apply')).exitCode).toBe(0);
    const result = await action('audit');

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs).toMatchObject({
      failed: 'false',
      drift: '0',
      orphans: '0',
      'report-json': 'aoa-iam-audit/aoa-iam-audit-staging.json',
      'report-csv': 'aoa-iam-audit/aoa-iam-audit-staging.csv',
    });
    expect(result.summary).toMatch(/^# aoa-iam audit: staging \(account 111111111111\)\n/);
    const json = JSON.parse(
      await readFile(path.join(ws.dir, result.outputs['report-json']!), 'utf8'),
    );
    expect(json).toMatchObject({ environment: 'staging', drift: [], orphans: [] });
    expect(await readFile(path.join(ws.dir, result.outputs['report-csv']!), 'utf8')).not.toBe('');
  });

  it('fails on drift by default and only reports it with fail-on none', async () => {
    expect((await action('apply')).exitCode).toBe(0);
    const role = [...emulator.account.roles.values()][0]!;
    role.description = 'edited by hand in the console';

    const failing = await action('audit');
    expect(failing.exitCode).toBe(1);
    expect(failing.outputs).toMatchObject({ failed: 'true', drift: '1' });
    expect(failing.summary).toContain(
      `\`${role.name}\`: ~ description: edited by hand in the console`,
    );

    const reporting = await action('audit', { 'fail-on': 'none' });
    expect(reporting.exitCode).toBe(0);
    expect(reporting.outputs).toMatchObject({ failed: 'false', drift: '1' });
  });

  it('keeps one issue per environment: created, updated in place, closed when clean', async () => {
    expect((await action('apply')).exitCode).toBe(0);
    const role = [...emulator.account.roles.values()][0]!;
    const original = role.description;
    role.description = 'drifted';

    const first = await action('audit', { issue: 'true', 'fail-on': 'none' });
    const second = await action('audit', { issue: 'true', 'fail-on': 'none' });
    role.description = original;
    const third = await action('audit', { issue: 'true', 'fail-on': 'none' });

    expect([first.exitCode, second.exitCode, third.exitCode]).toEqual([0, 0, 0]);
    const issues = api.state.issues.filter((issue) => issue.title === 'aoa-iam audit: staging');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ state: 'closed', labels: ['aoa-iam-audit'] });
    expect(issues[0]?.body).toMatch(/^<!-- aoa-iam:audit:staging -->\n# aoa-iam audit: staging/);
    expect(api.calls('POST', /\/issues$/)).toHaveLength(1);
    expect(first.outputs['issue-url']).toBe(second.outputs['issue-url']);
  });

  it('turns a refused issue update into a warning and keeps the verdict', async () => {
    expect((await action('apply')).exitCode).toBe(0);
    const allow = api.refuse('GET', /\/issues$/, 403, 'Resource not accessible by integration');
    const result = await action('audit', { issue: 'true' }).finally(allow);

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ failed: 'false', 'issue-url': '' });
    expect(result.commands.filter((line) => line.startsWith('::warning::'))).toEqual([
      '::warning::Could not update the audit issue (HTTP 403: Resource not accessible by integration); the report is in the job summary.',
    ]);
  });

  it('shows who assumed which role with attacker-written CloudTrail text inert and no token', async () => {
    expect((await action('apply')).exitCode).toBe(0);
    const role = [...emulator.account.roles.values()].find(
      (r) => r.name === 'checkout-web-staging-web',
    )!;
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJ4In0'.repeat(3)}.${'c2lnbmF0dXJl'.repeat(3)}`;
    const event = (id: string, subject: string, extra: Record<string, unknown>) => ({
      id,
      name: 'AssumeRoleWithWebIdentity',
      time: new Date('2026-12-04T10:00:00Z'),
      source: 'sts.amazonaws.com',
      username: subject,
      resources: [{ type: 'AWS::IAM::Role', name: role.arn }],
      detail: {
        eventTime: '2026-12-04T10:00:00Z',
        eventName: 'AssumeRoleWithWebIdentity',
        sourceIPAddress: '203.0.113.7',
        userIdentity: { type: 'WebIdentityUser', userName: subject },
        requestParameters: { roleArn: role.arn, roleSessionName: 'botocore-session' },
        ...extra,
      },
    });
    emulator.trail.push(
      event('ok', 'system:serviceaccount:checkout:checkout-web', {
        userAgent: `aws-sdk-go-v2/1.30 token=${jwt}`,
        responseElements: {
          subjectFromWebIdentityToken: 'system:serviceaccount:checkout:checkout-web',
        },
      }),
      event('refused', 'repo:attacker/x:ref:refs/heads/main', {
        errorCode: 'AccessDenied',
        userAgent: 'evil \u001b[2J cleared <script>alert(1)</script> | x',
        responseElements: null,
      }),
    );

    const result = await action('audit', { 'assumed-within': '1d', 'fail-on': 'none' });

    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.summary).toContain('system:serviceaccount:checkout:checkout-web');
    const json = await readFile(path.join(ws.dir, result.outputs['report-json']!), 'utf8');
    for (const shown of [result.stdout, result.summary, json]) {
      expect(shown).not.toContain(jwt);
      expect(shown).not.toContain('\u001b');
    }
    // Markup stays text where GitHub renders it; the JSON file keeps it as data.
    expect(result.summary).not.toContain('<script>');
  });

  it("refuses credentials of another account than the environment's", async () => {
    const result = await action('audit', { environment: 'production' });
    expect(result.exitCode).toBe(1);
    expect(result.commands.filter((line) => line.startsWith('::error'))).toEqual([
      '::error::aoa-iam audit refused: the credentials are for AWS account 111111111111, but environment "production" is account 222222222222: nothing was read or changed. Use credentials for account 222222222222, or pick the environment that belongs to account 111111111111.',
    ]);
    expect(result.summary).toBe('');
  });

  it('refuses fail-on words it does not know', async () => {
    const result = await action('audit', { 'fail-on': 'drift,typos' });
    expect(result.exitCode).toBe(1);
    expect(result.commands.filter((line) => !line.startsWith('::add-mask::'))).toEqual([
      '::error::Input "fail-on" must be "none" or a comma-separated list of drift, expired; got "drift,typos".',
    ]);
  });
});
