// Invariants 4, 6 and 7 on the live (emulated) account, and the account check that comes first.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IamEmulator, startIamEmulator } from '../iam-emulator/index.js';
import {
  awsArgs,
  BOUNDARY,
  FAKE_KEY_ID,
  FAKE_SECRET,
  FAKE_SESSION_TOKEN,
  frozenCopy,
  roleName,
  runCli,
  startEmulator,
  writeCatalogue,
} from './harness.js';

const JWT = `eyJhbGciOiJSUzI1NiJ9.${'eyJzdWIiOiJyZXBvOmV4YW1wbGUifQ'}.c2lnbmF0dXJlc2lnbmF0dXJl`;
const SECRETS = [FAKE_KEY_ID, FAKE_SECRET, FAKE_SESSION_TOKEN, JWT];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('the account check', () => {
  let emulator: IamEmulator;
  afterEach(async () => {
    await emulator.close();
  });

  it("stops before reading anything when the credentials are another account's", async () => {
    // Given credentials for account 222222222222 and a catalogue whose staging is 111111111111
    emulator = await startEmulator('222222222222');
    const catalogue = writeCatalogue([{ name: 'payments' }]);

    for (const command of ['plan', 'apply', 'audit']) {
      const run = await runCli([command, ...awsArgs(emulator, catalogue)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'the credentials are for AWS account 222222222222, but environment "staging" is account 111111111111: nothing was read or changed.',
      );
    }
    expect(emulator.iamCalls()).toBe(0);
    expect(emulator.writes).toEqual([]);
  });

  it('says the credentials were refused, without printing them', async () => {
    emulator = await startIamEmulator({
      accountId: '111111111111',
      accessKeyId: 'AKIASOMEONEELSE00001',
    });
    const run = await runCli([
      'plan',
      ...awsArgs(emulator, writeCatalogue([{ name: 'payments' }])),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('asking STS who the credentials belong to (GetCallerIdentity)');
    expect(run.stderr).toContain('The security token included in the request is invalid.');
    expectNoSecret(run.stdout + run.stderr);
  });
});

describe('invariants on the live account', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('4: never changes or deletes a role it does not own, whatever it shares with aoa-iam', async () => {
    expect(
      (
        await runCli([
          'apply',
          ...awsArgs(emulator, writeCatalogue([{ name: 'alpha' }, { name: 'bravo' }])),
        ])
      ).code,
    ).toBe(0);
    const trust = { Version: '2012-10-17', Statement: [] };
    const ours = {
      'aoa-iam:managed-by': 'aoa-iam',
      'aoa-iam:parent': 'platform',
      'aoa-iam:environment': 'staging',
    };
    const others = [
      // our path and tool, another catalogue tree's parent
      emulator.account.seedRole({
        name: 'x-staging-api',
        path: '/aoa-iam/platform/',
        trustPolicy: trust,
        tags: { ...ours, 'aoa-iam:parent': 'billing' },
      }),
      // our tags, another path
      emulator.account.seedRole({
        name: 'y-staging-api',
        path: '/legacy/',
        trustPolicy: trust,
        tags: ours,
      }),
      // our path, no tags at all
      emulator.account.seedRole({
        name: 'z-staging-api',
        path: '/aoa-iam/platform/',
        trustPolicy: trust,
      }),
    ].map((role) => [role.name, frozenCopy(role)] as const);

    // When the catalogue drops bravo and adds charlie
    emulator.resetCounts();
    const applied = await runCli([
      'apply',
      ...awsArgs(emulator, writeCatalogue([{ name: 'alpha' }, { name: 'charlie' }])),
    ]);

    // Then only our roles were written, and the others are exactly as they were
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('1 created, 0 updated, 1 deleted, 0 failed.');
    const touched = new Set(emulator.writes.map((write) => write.role));
    expect([...touched].sort()).toEqual([roleName('bravo'), roleName('charlie')]);
    for (const [name, before] of others)
      expect(frozenCopy(emulator.account.roles.get(name)!)).toEqual(before);

    // And a derived name held by any of them is a plan error, not a takeover
    const colliding = await runCli([
      'plan',
      ...awsArgs(emulator, writeCatalogue([{ name: 'x' }, { name: 'y' }, { name: 'z' }])),
    ]);
    expect(colliding.code).toBe(2);
    expect(colliding.stdout.match(/error aws\.role-not-owned/g)).toHaveLength(3);
    expect(colliding.stdout).toContain(`its ${'aoa-iam:parent'} tag is "billing", not "platform"`);
    expect(colliding.stdout).toContain('its path is /legacy/, not /aoa-iam/platform/');
    expect(colliding.stdout).toContain('it has no aoa-iam:managed-by tag');
  });

  it('6: no credential or token reaches stdout or stderr, even when AWS echoes them back', async () => {
    const catalogue = writeCatalogue([{ name: 'payments' }]);
    emulator.faults = {
      serverErrorEveryNth: 1,
      serverErrorMessage: `upstream said ${FAKE_SECRET} ${FAKE_SESSION_TOKEN} ${JWT} for ${FAKE_KEY_ID}`,
    };
    for (const debug of ['0', '1']) {
      const run = await runCli(
        ['plan', ...awsArgs(emulator, catalogue), '--request-timeout', '2000'],
        {
          env: { AOA_IAM_DEBUG: debug },
        },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('upstream said ***');
      expectNoSecret(run.stdout + run.stderr);
    }

    emulator.faults = {};
    const applied = await runCli(['apply', ...awsArgs(emulator, catalogue)], {
      env: { AOA_IAM_DEBUG: '1' },
    });
    expect(applied.code).toBe(0);
    expectNoSecret(applied.stdout + applied.stderr);
  });

  it('7: every role is created with its boundary in the one CreateRole call, and a lost boundary is restored first', async () => {
    const boundaryAtCreate: Array<string | null> = [];
    emulator.faults = {
      onWrite: (action, params) => {
        if (action === 'CreateRole') boundaryAtCreate.push(params.get('PermissionsBoundary'));
      },
    };
    const catalogue = writeCatalogue([
      { name: 'alpha' },
      { name: 'bravo', capabilities: ['read-metrics', 'read-queue'] },
    ]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    expect(boundaryAtCreate).toEqual([BOUNDARY, BOUNDARY]);
    for (const role of emulator.account.roles.values()) expect(role.boundary).toBe(BOUNDARY);

    // When someone removes a boundary and widens the role
    const bravo = emulator.account.roles.get(roleName('bravo'))!;
    bravo.boundary = undefined;
    bravo.inlinePolicies.set(
      'cap-read-queue',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}',
    );
    const planned = await runCli(['plan', ...awsArgs(emulator, catalogue)]);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain(`+ boundary = ${BOUNDARY}`);

    // Then apply puts the boundary back before anything else on that role
    emulator.faults = {};
    emulator.resetCounts();
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    expect(emulator.writes[0]).toEqual({
      action: 'PutRolePermissionsBoundary',
      role: roleName('bravo'),
    });
    expect(bravo.boundary).toBe(BOUNDARY);
  });
});
