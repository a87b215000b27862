// apply under failure: killed at any write, throttling storms, 5xx, DeleteConflict,
// eventual consistency. Each run is the built CLI against the emulator.
import { afterEach, describe, expect, it } from 'vitest';
import type { IamEmulator } from '../iam-emulator/index.js';
import {
  awsArgs,
  frozenCopy,
  roleName,
  runCli,
  snapshotAccount,
  startEmulator,
  type TestApp,
  writeCatalogue,
} from './harness.js';

const VERSION_1: TestApp[] = [
  { name: 'alpha', capabilities: ['read-metrics'] },
  { name: 'bravo', capabilities: ['read-metrics', 'read-queue'] },
  { name: 'charlie', capabilities: ['read-queue'] },
  { name: 'delta' },
  { name: 'echo' },
];
// alpha gains a capability, bravo loses one, delta and echo go, three apps are new.
const VERSION_2: TestApp[] = [
  { name: 'alpha', capabilities: ['read-metrics', 'read-queue'] },
  { name: 'bravo', capabilities: ['read-queue'] },
  { name: 'charlie', capabilities: ['read-queue'] },
  { name: 'foxtrot', capabilities: ['read-metrics', 'read-queue'] },
  { name: 'golf' },
  { name: 'hotel', capabilities: ['read-queue'] },
];

/** An account at catalogue version 1, plus a role of another tool and one of another catalogue tree. */
async function accountAtVersion1(): Promise<{
  emulator: IamEmulator;
  others: Map<string, unknown>;
}> {
  const emulator = await startEmulator();
  const applied = await runCli(['apply', ...awsArgs(emulator, writeCatalogue(VERSION_1))]);
  expect(applied.code).toBe(0);
  const foreign = emulator.account.seedRole({
    name: 'india-staging-api',
    trustPolicy: { Version: '2012-10-17', Statement: [] },
    tags: { 'managed-by': 'cdk' },
  });
  const otherTree = emulator.account.seedRole({
    name: 'juliet-staging-api',
    path: '/aoa-iam/other-platform/',
    trustPolicy: { Version: '2012-10-17', Statement: [] },
    tags: {
      'aoa-iam:managed-by': 'aoa-iam',
      'aoa-iam:parent': 'other-platform',
      'aoa-iam:environment': 'staging',
    },
    inlinePolicies: { 'cap-read-metrics': { Version: '2012-10-17', Statement: [] } },
  });
  const others = new Map([
    [foreign.name, frozenCopy(foreign)],
    [otherTree.name, frozenCopy(otherTree)],
  ]);
  return { emulator, others };
}

/** A small seeded generator, so a failing kill point can be run again. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('apply survives failures', () => {
  const emulators: IamEmulator[] = [];
  afterEach(async () => {
    await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
  });

  it('converges to the same end state when killed at random write points and run again', {
    timeout: 240_000,
  }, async () => {
    // Given the end state an uninterrupted apply of version 2 reaches
    const reference = await accountAtVersion1();
    emulators.push(reference.emulator);
    const catalogue2 = writeCatalogue(VERSION_2);
    reference.emulator.resetCounts();
    expect((await runCli(['apply', ...awsArgs(reference.emulator, catalogue2)])).code).toBe(0);
    const totalWrites = reference.emulator.writes.length;
    const expected = snapshotAccount(reference.emulator);
    expect(totalWrites).toBeGreaterThan(10);

    const random = seeded(20261204);
    const killPoints = new Set([
      1,
      totalWrites,
      ...Array.from({ length: 4 }, () => 1 + Math.floor(random() * totalWrites)),
    ]);
    for (const killAt of killPoints) {
      const { emulator, others } = await accountAtVersion1();
      emulators.push(emulator);
      let pid: number | undefined;
      emulator.faults = {
        onWrite: (_action, _params, count) => {
          if (count === killAt && pid) process.kill(pid, 'SIGKILL');
        },
      };
      // When apply is killed at that write
      const killed = await runCli(
        ['apply', ...awsArgs(emulator, catalogue2), '--concurrency', '2'],
        {
          onSpawn: (child) => {
            pid = child.pid;
          },
        },
      );
      expect(killed.signal, `kill at write ${killAt}`).toBe('SIGKILL');

      // Then the next apply finishes the work, the one after writes nothing, others are untouched
      emulator.faults = {};
      const resumed = await runCli(['apply', ...awsArgs(emulator, catalogue2)]);
      expect(resumed.code, `resume after write ${killAt}: ${resumed.stdout}${resumed.stderr}`).toBe(
        0,
      );
      emulator.resetCounts();
      expect((await runCli(['apply', ...awsArgs(emulator, catalogue2)])).code).toBe(0);
      expect(emulator.writes, `second apply after kill at ${killAt}`).toEqual([]);
      const {
        'india-staging-api': _foreign,
        'juliet-staging-api': _other,
        ...ours
      } = snapshotAccount(emulator);
      const { 'india-staging-api': _f, 'juliet-staging-api': _o, ...expectedOurs } = expected;
      expect(ours, `state after kill at ${killAt}`).toEqual(expectedOurs);
      for (const [name, before] of others) {
        expect(
          frozenCopy(emulator.account.roles.get(name)!),
          `${name} after kill at ${killAt}`,
        ).toEqual(before);
      }
    }
  });

  it('converges when the connection is cut right after a write is carried out', async () => {
    const { emulator } = await accountAtVersion1();
    emulators.push(emulator);
    const catalogue2 = writeCatalogue(VERSION_2);
    emulator.faults = { crashAfterWrite: 3 };
    await runCli(['apply', ...awsArgs(emulator, catalogue2)]);
    emulator.faults = {};
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue2)])).code).toBe(0);
    emulator.resetCounts();
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue2)])).code).toBe(0);
    expect(emulator.writes).toEqual([]);
  });

  it('completes through a storm of rate throttling and 5xx answers, and reports its retries', {
    timeout: 120_000,
  }, async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    const apps = Array.from({ length: 16 }, (_, index) => ({
      name: `storm${index}`,
      capabilities: ['read-metrics', 'read-queue'],
    }));
    emulator.faults = { writesPerSecond: 5, throttleEveryNth: 3, serverErrorEveryNth: 7 };

    const applied = await runCli([
      'apply',
      ...awsArgs(emulator, writeCatalogue(apps)),
      '--concurrency',
      '8',
    ]);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('16 created, 0 updated, 0 deleted, 0 failed.');
    expect(Number(/(\d+) retries/.exec(applied.stdout)?.[1])).toBeGreaterThan(10);
    expect(emulator.account.roles.size).toBe(16);
  });

  it('clears a role that gained a policy after the plan and deletes it despite DeleteConflict', async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    expect((await runCli(['apply', ...awsArgs(emulator, writeCatalogue(VERSION_1))])).code).toBe(0);
    const attached = emulator.account.addManagedPolicy('someone-elses-policy');
    // Someone attaches a policy and an inline policy to delta while apply is deleting it.
    let interfered = false;
    emulator.faults = {
      onWrite: (action, params) => {
        const role = emulator.account.roles.get(roleName('delta'));
        if (
          action === 'DeleteRolePolicy' &&
          params.get('RoleName') === roleName('delta') &&
          role &&
          !interfered
        ) {
          interfered = true;
          role.attached.set(attached, 'someone-elses-policy');
          role.inlinePolicies.set('added-later', '{"Version":"2012-10-17","Statement":[]}');
        }
      },
    };
    const withoutDelta = VERSION_1.filter((app) => app.name !== 'delta');

    const applied = await runCli(['apply', ...awsArgs(emulator, writeCatalogue(withoutDelta))]);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stderr).toContain(
      'role delta-staging-api still had policies or instance profiles; removing them first',
    );
    expect(emulator.account.roles.has(roleName('delta'))).toBe(false);
  });

  it('waits out a new role that IAM does not show yet instead of failing', async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    emulator.faults = { invisibleForMs: 1_200 };

    const applied = await runCli(['apply', ...awsArgs(emulator, writeCatalogue(VERSION_1))]);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('5 created, 0 updated, 0 deleted, 0 failed.');
    expect(Number(/(\d+) retries/.exec(applied.stdout)?.[1])).toBeGreaterThan(0);
    expect(emulator.account.roles.get(roleName('bravo'))!.inlinePolicies.size).toBe(2);
  });

  it('keeps at most --concurrency roles in flight, and uses them', async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    emulator.faults = { latencyMs: 40 };
    const apps = Array.from({ length: 12 }, (_, index) => ({ name: `wide${index}` }));

    const applied = await runCli([
      'apply',
      ...awsArgs(emulator, writeCatalogue(apps)),
      '--concurrency',
      '3',
    ]);

    expect(applied.code).toBe(0);
    expect(emulator.peakWritesInFlight()).toBeLessThanOrEqual(3);
    expect(emulator.peakWritesInFlight()).toBeGreaterThan(1);
  });

  it('resumes right after a kill while IAM does not show the new role yet, without a second role', async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    const catalogue = writeCatalogue([
      { name: 'alpha', capabilities: ['read-metrics', 'read-queue'] },
    ]);
    let pid: number | undefined;
    emulator.faults = {
      invisibleForMs: 3_000,
      onWrite: (action) => {
        if (action === 'CreateRole' && pid) process.kill(pid, 'SIGKILL');
      },
    };
    const killed = await runCli(['apply', ...awsArgs(emulator, catalogue)], {
      onSpawn: (child) => {
        pid = child.pid;
      },
    });
    expect(killed.signal).toBe('SIGKILL');

    // The next run's read does not see the role, so it creates again and meets EntityAlreadyExists
    emulator.faults = { invisibleForMs: 3_000 };
    const resumed = await runCli(['apply', ...awsArgs(emulator, catalogue)]);

    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('1 lost create answer(s) resolved');
    expect(emulator.account.roles.size).toBe(1);
    expect(
      [...emulator.account.roles.get(roleName('alpha'))!.inlinePolicies.keys()].sort(),
    ).toEqual(['cap-read-metrics', 'cap-read-queue']);
  });

  it('deletes an owned role only after detaching its policies and taking it out of its instance profiles', async () => {
    const emulator = await startEmulator();
    emulators.push(emulator);
    const catalogue = writeCatalogue([{ name: 'alpha' }, { name: 'bravo' }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    const bravo = emulator.account.roles.get(roleName('bravo'))!;
    const managed = emulator.account.addManagedPolicy('ReadOnlyAccess');
    bravo.attached.set(managed, 'ReadOnlyAccess');
    bravo.instanceProfiles.add('bravo-profile');
    emulator.account.instanceProfiles.set('bravo-profile', new Set([bravo.name]));
    emulator.resetCounts();

    const applied = await runCli([
      'apply',
      ...awsArgs(emulator, writeCatalogue([{ name: 'alpha' }])),
    ]);

    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(emulator.writes.map((write) => write.action)).toEqual([
      'DetachRolePolicy',
      'RemoveRoleFromInstanceProfile',
      'DeleteRolePolicy',
      'DeleteRole',
    ]);
    expect(emulator.account.roles.has(roleName('bravo'))).toBe(false);
    expect(emulator.account.instanceProfiles.get('bravo-profile')?.size).toBe(0);
  });
});
