// audit through the CLI: drift, orphans, lookalikes, unused roles and services, who assumed what.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IamEmulator } from '../iam-emulator/index.js';
import {
  ACCOUNT,
  awsArgs,
  FAKE_SESSION_TOKEN,
  ROLE_PATH,
  roleName,
  runCli,
  startEmulator,
  writeCatalogue,
} from './harness.js';

/** Any control character but the line feed that separates lines. */
const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\n]/u;
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
const ROLE_ARN = (app: string) => `arn:aws:iam::${ACCOUNT}:role${ROLE_PATH}${roleName(app)}`;

function assumption(id: number, time: string, app: string, subject: string) {
  return {
    id: `event-${id}`,
    name: 'AssumeRoleWithWebIdentity',
    time: new Date(time),
    source: 'sts.amazonaws.com',
    username: subject,
    resources: [{ type: 'AWS::IAM::Role', name: ROLE_ARN(app) }],
    detail: {
      eventTime: time,
      eventName: 'AssumeRoleWithWebIdentity',
      sourceIPAddress: '203.0.113.7',
      userAgent: `aws-sdk-go-v2/1.30 token=${JWT}`,
      userIdentity: { type: 'WebIdentityUser', userName: subject },
      requestParameters: { roleArn: ROLE_ARN(app), roleSessionName: 'botocore-session' },
      responseElements: {
        subjectFromWebIdentityToken: subject,
        credentials: { accessKeyId: 'ASIAEMULATOREVENT001', sessionToken: FAKE_SESSION_TOKEN },
      },
    },
  };
}

describe('audit', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('reports orphans, lookalikes, missing and unused roles, and exits 1 on drift when asked', async () => {
    expect(
      (
        await runCli([
          'apply',
          ...awsArgs(emulator, writeCatalogue([{ name: 'alpha' }, { name: 'bravo' }])),
        ])
      ).code,
    ).toBe(0);
    emulator.account.roles.get(roleName('alpha'))!.lastUsed = {
      date: new Date('2026-12-01T00:00:00Z'),
      region: 'eu-west-1',
    };
    emulator.account.roles.get(roleName('bravo'))!.lastUsed = {
      date: new Date('2026-06-01T00:00:00Z'),
      region: 'eu-west-1',
    };
    emulator.account.seedRole({
      name: roleName('delta'),
      trustPolicy: { Version: '2012-10-17', Statement: [] },
      tags: { owner: 'ops' },
    });
    // The catalogue now has alpha, charlie (not created yet) and delta (held by another tool); bravo is gone.
    const catalogue = writeCatalogue([{ name: 'alpha' }, { name: 'charlie' }, { name: 'delta' }]);

    const audit = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue),
      '--format',
      'json',
      '--fail-on',
      'drift',
    ]);

    expect(audit.code).toBe(1);
    const report = JSON.parse(audit.stdout);
    expect(report.orphans).toEqual([
      { role: 'bravo-staging-api', arn: ROLE_ARN('bravo'), app: 'bravo' },
    ]);
    expect(report.lookalikes).toEqual([
      {
        role: 'delta-staging-api',
        arn: `arn:aws:iam::${ACCOUNT}:role/delta-staging-api`,
        path: '/',
        reason: 'its path is /, not /aoa-iam/platform/ and it has no aoa-iam:managed-by tag',
      },
    ]);
    expect(report.missing).toEqual(['charlie-staging-api']);
    expect(report.unused).toEqual([
      { role: 'bravo-staging-api', lastUsed: '2026-06-01T00:00:00.000Z' },
    ]);
    expect(report.drift).toEqual([]);
  });

  it('reports drift field by field in Markdown and CSV', async () => {
    const catalogue = writeCatalogue([{ name: 'alpha' }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    const role = emulator.account.roles.get(roleName('alpha'))!;
    role.maxSessionSeconds = 7_200;
    role.tags.set('aoa-iam:app', 'someone-else');
    role.inlinePolicies.set('hand-made', '{"Version":"2012-10-17","Statement":[]}');
    role.inlinePolicies.set(
      'cap-read-metrics',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudwatch:*","Resource":"*"}]}',
    );

    const markdown = await runCli(['audit', ...awsArgs(emulator, catalogue)]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('# aoa-iam audit: staging (account 111111111111)');
    expect(markdown.stdout).toContain('- `alpha-staging-api`: ~ max-session: 7200 -> 3600');
    expect(markdown.stdout).toContain(
      '- `alpha-staging-api`: ~ tag aoa-iam:app: someone-else -> alpha',
    );
    expect(markdown.stdout).toContain('- `alpha-staging-api`: - inline-policy hand-made');
    expect(markdown.stdout).toContain(
      '- `alpha-staging-api`: ~ inline-policy cap-read-metrics: ' +
        '+ Allow cloudwatch:GetMetricData, Allow cloudwatch:ListMetrics; - Allow cloudwatch:*',
    );

    const csv = await runCli(['audit', ...awsArgs(emulator, catalogue), '--format', 'csv']);
    expect(
      csv.stdout
        .split('\n')
        .filter((line) => !line.includes('cap-read-metrics'))
        .slice(0, 4),
    ).toEqual([
      'kind,role,field,change,live,desired,detail',
      'drift,alpha-staging-api,max-session,change,7200,3600,',
      'drift,alpha-staging-api,inline-policy hand-made,remove,"{""Statement"":[],""Version"":""2012-10-17""}",,',
      'drift,alpha-staging-api,tag aoa-iam:app,change,someone-else,alpha,',
    ]);
  });

  it('calls a policy the catalogue added since the role was written drift, not a half-done apply', async () => {
    expect(
      (await runCli(['apply', ...awsArgs(emulator, writeCatalogue([{ name: 'alpha' }]))])).code,
    ).toBe(0);
    const grown = writeCatalogue([{ name: 'alpha', capabilities: ['read-metrics', 'read-queue'] }]);

    const report = JSON.parse(
      (await runCli(['audit', ...awsArgs(emulator, grown), '--format', 'json'])).stdout,
    );

    expect(report.partial).toEqual([]);
    expect(
      report.drift.map(
        (entry: { change: string; name: string }) => `${entry.change} ${entry.name}`,
      ),
    ).toEqual(['add cap-read-queue']);
  });

  it('lists who assumed which role from CloudTrail, paged and paced, with no credential in any format', async () => {
    const catalogue = writeCatalogue([{ name: 'alpha' }, { name: 'bravo' }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    // 60 assumptions of alpha (two LookupEvents pages), one of bravo, one of a role not ours, one too old.
    for (let index = 0; index < 60; index++) {
      const time = new Date(Date.parse('2026-12-03T00:00:00Z') + index * 60_000).toISOString();
      emulator.trail.push(assumption(index, time, 'alpha', 'system:serviceaccount:alpha:alpha'));
    }
    emulator.trail.push(
      assumption(
        100,
        '2026-12-03T12:00:00Z',
        'bravo',
        'repo:example-org/bravo:environment:staging',
      ),
    );
    emulator.trail.push({
      ...assumption(101, '2026-12-03T12:00:00Z', 'other', 'x'),
      detail: { requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/other' } },
    });
    emulator.trail.push(assumption(102, '2026-11-01T00:00:00Z', 'alpha', 'too-old'));

    const started = Date.now();
    const json = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue),
      '--since',
      '7d',
      '--format',
      'json',
    ]);
    const elapsed = Date.now() - started;

    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.window).toEqual({
      from: '2026-11-27T12:00:00.000Z',
      to: '2026-12-04T12:00:00.000Z',
    });
    expect(report.assumptions).toHaveLength(61);
    expect(report.assumptions[0]).toEqual({
      time: '2026-12-03T12:00:00Z',
      role: 'bravo-staging-api',
      app: 'bravo',
      environment: 'staging',
      event: 'AssumeRoleWithWebIdentity',
      identity: 'repo:example-org/bravo:environment:staging',
      sourceAddress: '203.0.113.7',
      userAgent: 'aws-sdk-go-v2/1.30 token=***',
    });
    // Three LookupEvents calls (two pages, then AssumeRole), paced below 2 a second.
    expect(emulator.calls.get('LookupEvents')).toBe(3);
    expect(elapsed).toBeGreaterThan(1_000);

    for (const format of ['markdown', 'csv', 'json']) {
      const run = await runCli([
        'audit',
        ...awsArgs(emulator, catalogue),
        '--since',
        '2026-12-03T11:00:00Z',
        '--format',
        format,
      ]);
      expect(run.stdout).toContain('repo:example-org/bravo:environment:staging');
      for (const secret of [JWT, FAKE_SESSION_TOKEN, 'ASIAEMULATOREVENT001']) {
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
    }
  });

  it('keeps refused attempts out of the assumptions and shows attacker-written text inert in every format', async () => {
    const catalogue = writeCatalogue([{ name: 'alpha' }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    const attacker = 'repo:attacker/x:ref:refs/heads/main';
    const userAgent = 'evil \u001b[2J\u001b[H cleared <script>alert(1)</script> | `x` [y](z)';
    emulator.trail.push(
      assumption(1, '2026-12-03T10:00:00Z', 'alpha', 'system:serviceaccount:alpha:alpha'),
    );
    const refused = assumption(2, '2026-12-03T11:00:00Z', 'alpha', attacker);
    emulator.trail.push({
      ...refused,
      detail: {
        ...refused.detail,
        errorCode: 'AccessDenied',
        errorMessage: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
        userAgent,
        responseElements: null,
      },
    });
    const run = (format: string) =>
      runCli(['audit', ...awsArgs(emulator, catalogue), '--since', '7d', '--format', format]);

    const json = await run('json');
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.assumptions.map((row: { identity: string }) => row.identity)).toEqual([
      'system:serviceaccount:alpha:alpha',
    ]);
    expect(report.failedAssumptions).toEqual([
      {
        time: '2026-12-03T11:00:00Z',
        role: 'alpha-staging-api',
        app: 'alpha',
        environment: 'staging',
        event: 'AssumeRoleWithWebIdentity',
        identity: attacker,
        sourceAddress: '203.0.113.7',
        userAgent: 'evil \ufffd[2J\ufffd[H cleared <script>alert(1)</script> | `x` [y](z)',
        error: 'AccessDenied',
      },
    ]);

    const markdown = await run('markdown');
    expect(markdown.stdout).not.toMatch(CONTROL_EXCEPT_NEWLINE);
    expect(markdown.stdout).not.toContain('<script>');
    const [taken, refusedPart] = markdown.stdout.split('## Refused attempts');
    expect(taken).not.toContain(attacker);
    expect(refusedPart).toContain(
      `| 2026-12-03T11:00:00Z | alpha-staging-api | alpha | AccessDenied | ${attacker} | 203.0.113.7 | ` +
        'evil \ufffd\\[2J\ufffd\\[H cleared &lt;script&gt;alert(1)&lt;/script&gt; \\| \\`x\\` \\[y\\](z) |',
    );

    const csv = await run('csv');
    expect(csv.stdout).not.toMatch(CONTROL_EXCEPT_NEWLINE);
    const blocks = csv.stdout.trimEnd().split('\n\n');
    expect(blocks[1]).not.toContain(attacker);
    expect(blocks[2]?.split('\n')).toEqual([
      'time,role,app,environment,event,identity,source_address,user_agent,error',
      `2026-12-03T11:00:00Z,alpha-staging-api,alpha,staging,AssumeRoleWithWebIdentity,${attacker},203.0.113.7,` +
        'evil \ufffd[2J\ufffd[H cleared <script>alert(1)</script> | `x` [y](z),AccessDenied',
    ]);
  });

  it('counts an event that carries only an errorMessage as refused, not as an assumption', async () => {
    const catalogue = writeCatalogue([{ name: 'alpha' }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    const refused = assumption(
      3,
      '2026-12-03T12:00:00Z',
      'alpha',
      'repo:attacker/y:ref:refs/heads/main',
    );
    emulator.trail.push({
      ...refused,
      detail: { ...refused.detail, errorMessage: 'Token is expired', responseElements: null },
    });
    const run = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue),
      '--since',
      '7d',
      '--format',
      'json',
    ]);
    const report = JSON.parse(run.stdout);
    expect(report.assumptions).toEqual([]);
    expect(report.failedAssumptions.map((row: { error: string }) => row.error)).toEqual(['Error']);
  });

  it('lists allowed services a role never used when asked', async () => {
    const catalogue = writeCatalogue([
      { name: 'alpha', capabilities: ['read-metrics', 'read-queue'] },
    ]);
    expect((await runCli(['audit', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    emulator.account.serviceUse.set(
      roleName('alpha'),
      new Map([['cloudwatch', new Date('2026-12-01T00:00:00Z')]]),
    );

    const audit = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue),
      '--services',
      '--format',
      'json',
    ]);

    expect(JSON.parse(audit.stdout).unusedServices).toEqual([
      { role: 'alpha-staging-api', service: 'sqs' },
    ]);
  });
});
