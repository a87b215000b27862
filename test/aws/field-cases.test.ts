// The four "cases from the field" of issue 5, each with its exact values, through the built CLI.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IamEmulator } from '../iam-emulator/index.js';
import {
  awsArgs,
  BOUNDARY,
  frozenCopy,
  ROLE_PATH,
  roleName,
  runCli,
  startEmulator,
  writeCatalogue,
} from './harness.js';

const TRUST_FOR = (sub: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'x' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'x:sub': sub } },
    },
  ],
});

describe('cases from the field', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('1: refuses a derived name held by another tool, then creates the renamed role beside it', async () => {
    // Given a role named like a derived role, tagged by another tool, without aoa-iam's tags
    const foreign = emulator.account.seedRole({
      name: roleName('payments'),
      path: '/',
      trustPolicy: TRUST_FOR('system:serviceaccount:legacy:payments'),
      tags: { 'managed-by': 'terraform', team: 'payments' },
      inlinePolicies: {
        legacy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        },
      },
    });
    const before = frozenCopy(foreign);

    // When catalogue revision 1 derives that name
    const revision1 = writeCatalogue([{ name: 'payments' }]);
    const refused = await runCli(['apply', ...awsArgs(emulator, revision1)]);

    // Then apply refuses, names the reason and writes nothing
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(
      'role "payments-staging-api" in account 111111111111 exists and is not managed by aoa-iam',
    );
    expect(refused.stdout).toContain('Apply refused: the plan has errors. Nothing was written.');
    expect(emulator.writes).toEqual([]);
    expect(frozenCopy(foreign)).toEqual(before);

    // When revision 2 renames the app
    const revision2 = writeCatalogue([{ name: 'payments-v2' }]);
    const applied = await runCli(['apply', ...awsArgs(emulator, revision2)]);

    // Then the new role is created and the foreign one is exactly as it was
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('1 created, 0 updated, 0 deleted, 0 failed.');
    expect(emulator.account.roles.get(roleName('payments-v2'))?.path).toBe(ROLE_PATH);
    expect(frozenCopy(emulator.account.roles.get(roleName('payments'))!)).toEqual(before);
    expect(emulator.writes.every((write) => write.role === roleName('payments-v2'))).toBe(true);
  });

  it('2: sixty roles through a throttling storm and one lost CreateRole answer end complete', {
    timeout: 180_000,
  }, async () => {
    const apps = Array.from({ length: 60 }, (_, index) => ({
      name: `app${String(index).padStart(2, '0')}`,
      capabilities: ['read-metrics', 'read-queue'],
    }));
    const catalogue = writeCatalogue(apps);
    // Every 4th call throttled; the 17th CreateRole is carried out but its answer never comes.
    emulator.faults = { throttleEveryNth: 4, hangAfterWrite: 17, hangAction: 'CreateRole' };

    const applied = await runCli([
      'apply',
      ...awsArgs(emulator, catalogue),
      '--request-timeout',
      '1500',
      '--concurrency',
      '6',
    ]);

    expect(applied.stderr).not.toContain('failed');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('60 created, 0 updated, 0 deleted, 0 failed.');
    expect(applied.stdout).toContain('1 lost create answer(s) resolved');
    const retries = Number(/(\d+) retries/.exec(applied.stdout)?.[1]);
    expect(retries).toBeGreaterThan(0);
    expect(emulator.account.roles.size).toBe(60);
    for (const role of emulator.account.roles.values()) {
      expect(role.boundary).toBe(BOUNDARY);
      expect([...role.inlinePolicies.keys()].sort()).toEqual([
        'cap-read-metrics',
        'cap-read-queue',
      ]);
    }

    emulator.faults = {};
    emulator.resetCounts();
    const again = await runCli(['apply', ...awsArgs(emulator, catalogue)]);
    expect(again.code).toBe(0);
    expect(emulator.writes).toEqual([]);
  });

  it('3: a live trust policy written differently but meaning the same makes no write and no drift', async () => {
    const catalogue = writeCatalogue([{ name: 'payments', capabilities: ['read-metrics'] }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    const role = emulator.account.roles.get(roleName('payments'))!;
    const trust = JSON.parse(role.trustPolicy);
    const statement = trust.Statement[0];
    const conditions = statement.Condition.StringEquals;
    // Given the live documents reordered: keys, list items, Action as a lone string
    role.trustPolicy = JSON.stringify({
      Statement: [
        {
          Condition: { StringEquals: Object.fromEntries(Object.entries(conditions).reverse()) },
          Action: statement.Action[0],
          Principal: statement.Principal,
          Effect: 'Allow',
        },
      ],
      Version: '2012-10-17',
    });
    role.inlinePolicies.set(
      'cap-read-metrics',
      JSON.stringify({
        Statement: {
          Resource: '*',
          Action: ['cloudwatch:ListMetrics', 'cloudwatch:GetMetricData'],
          Effect: 'Allow',
        },
        Version: '2012-10-17',
      }),
    );
    emulator.resetCounts();

    // Then apply makes no write call, twice, and audit reports no drift
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    expect(emulator.writes).toEqual([]);
    const clean = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue),
      '--format',
      'json',
      '--fail-on',
      'drift',
    ]);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).drift).toEqual([]);

    // When a real difference appears, audit reports exactly that one
    role.inlinePolicies.set(
      'cap-read-metrics',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'cloudwatch:*', Resource: '*' }],
      }),
    );
    const drifted = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue),
      '--format',
      'json',
      '--fail-on',
      'drift',
    ]);
    expect(drifted.code).toBe(1);
    const drift = JSON.parse(drifted.stdout).drift;
    expect(
      drift.map((entry: { field: string; name?: string }) => `${entry.field} ${entry.name}`),
    ).toEqual(['inline-policy cap-read-metrics']);
  });

  it('4: a run killed after CreateRole is finished by the next run without recreating the role', async () => {
    const catalogue = writeCatalogue([{ name: 'payments', capabilities: ['read-metrics'] }]);
    let childPid: number | undefined;
    emulator.faults = {
      onWrite: (action) => {
        if (action === 'CreateRole' && childPid) process.kill(childPid, 'SIGKILL');
      },
    };

    // Run 1 is killed right after its CreateRole is carried out
    const killed = await runCli(['apply', ...awsArgs(emulator, catalogue)], {
      onSpawn: (child) => {
        childPid = child.pid;
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const created = emulator.account.roles.get(roleName('payments'))!;
    expect(created.boundary).toBe(BOUNDARY);
    expect(created.tags.get('aoa-iam:managed-by')).toBe('aoa-iam');
    expect(created.inlinePolicies.size).toBe(0);
    const roleId = created.id;

    // In between, audit names the missing part
    emulator.faults = {};
    const audit = await runCli(['audit', ...awsArgs(emulator, catalogue)]);
    expect(audit.stdout).toContain(
      '- `payments-staging-api`: missing inline policy cap-read-metrics',
    );

    // Run 2 recognises the role as its own and adds only the missing policy
    emulator.resetCounts();
    const resumed = await runCli(['apply', ...awsArgs(emulator, catalogue)]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).not.toContain('already exists');
    expect(emulator.writes).toEqual([{ action: 'PutRolePolicy', role: 'payments-staging-api' }]);
    expect(emulator.account.roles.get(roleName('payments'))!.id).toBe(roleId);
  });
});
