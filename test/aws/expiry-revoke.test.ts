// Invariant 5 (no expired temporary grant survives an apply), revoke and how apply keeps it,
// and the revision tag that is no change on its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IamEmulator } from '../iam-emulator/index.js';
import { awsArgs, roleName, runCli, startEmulator, writeCatalogue } from './harness.js';

const EXPIRES = '2026-12-10T18:00:00Z';
const AFTER_EXPIRY = '2026-12-11T00:00:00Z';

describe('expired temporary grants', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('5: audit reports them while live, and the next apply removes them and temporary-only roles', async () => {
    const catalogue = writeCatalogue([
      { name: 'payments', temporary: [{ capabilities: ['rotate-token'], expires: EXPIRES }] },
      {
        name: 'oncall',
        capabilities: [],
        temporary: [{ capabilities: ['read-queue'], expires: EXPIRES }],
      },
    ]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    expect([...emulator.account.roles.get(roleName('payments'))!.inlinePolicies.keys()]).toEqual([
      'cap-read-metrics',
      'temp-rotate-token',
    ]);
    expect(emulator.account.roles.has(roleName('oncall'))).toBe(true);

    // After the expiry, audit finds both grants still live
    const audit = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue, AFTER_EXPIRY),
      '--format',
      'json',
      '--fail-on',
      'expired',
    ]);
    expect(audit.code).toBe(1);
    expect(JSON.parse(audit.stdout).expiredGrants).toEqual([
      { role: 'oncall-staging-api', policy: 'temp-read-queue', expired: EXPIRES },
      { role: 'payments-staging-api', policy: 'temp-rotate-token', expired: EXPIRES },
    ]);

    // plan says why, apply removes them
    const plan = await runCli(['plan', ...awsArgs(emulator, catalogue, AFTER_EXPIRY)]);
    expect(plan.stdout).toContain(
      `- delete oncall-staging-api: its temporary grants expired ${EXPIRES}`,
    );
    expect(plan.stdout).toContain(
      `- inline-policy temp-rotate-token (temporary grant expired ${EXPIRES})`,
    );
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue, AFTER_EXPIRY)])).code).toBe(0);
    expect([...emulator.account.roles.get(roleName('payments'))!.inlinePolicies.keys()]).toEqual([
      'cap-read-metrics',
    ]);
    expect(emulator.account.roles.has(roleName('oncall'))).toBe(false);
    const clean = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue, AFTER_EXPIRY),
      '--fail-on',
      'expired,drift',
    ]);
    expect(clean.code).toBe(0);
  });

  it('writes the revision tag only when it writes the role anyway', async () => {
    const catalogue = writeCatalogue([{ name: 'payments' }]);
    expect(
      (await runCli(['apply', ...awsArgs(emulator, catalogue), '--revision', 'r1'])).code,
    ).toBe(0);
    emulator.resetCounts();

    const revisionOnly = await runCli([
      'plan',
      ...awsArgs(emulator, catalogue),
      '--revision',
      'r2',
    ]);
    expect(revisionOnly.code).toBe(0);
    expect(
      (await runCli(['apply', ...awsArgs(emulator, catalogue), '--revision', 'r2'])).code,
    ).toBe(0);
    expect(emulator.writes).toEqual([]);

    const changed = writeCatalogue([
      { name: 'payments', capabilities: ['read-metrics', 'read-queue'] },
    ]);
    expect((await runCli(['apply', ...awsArgs(emulator, changed), '--revision', 'r3'])).code).toBe(
      0,
    );
    expect(emulator.writes.map((write) => write.action)).toEqual(['PutRolePolicy', 'TagRole']);
    expect(emulator.account.roles.get(roleName('payments'))!.tags.get('aoa-iam:revision')).toBe(
      'r3',
    );
  });
});

describe('revoke', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('denies older sessions, drops temporary grants, and apply keeps both until the catalogue says otherwise', async () => {
    const catalogue = writeCatalogue([
      { name: 'payments', temporary: [{ capabilities: ['rotate-token'], expires: EXPIRES }] },
      { name: 'checkout' },
    ]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);

    // When payments' sessions are revoked, with a --now that is not the real time
    const before = Date.now();
    const revoked = await runCli([
      'revoke',
      ...awsArgs(emulator, catalogue, '2026-01-01T00:00:00Z'),
      '--role',
      roleName('payments'),
    ]);
    const after = Date.now();
    expect(revoked.code, revoked.stderr).toBe(0);
    // Then the revocation instant is the real time, rounded up to the second, not --now
    const revokedAt = /sessions issued before (\S+) are denied/.exec(revoked.stdout)?.[1] ?? '';
    expect(Date.parse(revokedAt)).toBeGreaterThanOrEqual(Math.ceil(before / 1_000) * 1_000);
    expect(Date.parse(revokedAt)).toBeLessThanOrEqual(Math.ceil(after / 1_000) * 1_000);
    expect(revoked.stdout).toContain(
      `revoked payments-staging-api: sessions issued before ${revokedAt} are denied; dropped temporary grants rotate-token@${EXPIRES}`,
    );
    const role = emulator.account.roles.get(roleName('payments'))!;
    const revocation = (instant: string) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AoaIamRevokeOlderSessions',
          Effect: 'Deny',
          Action: ['*'],
          Resource: ['*'],
          Condition: { DateLessThan: { 'aws:TokenIssueTime': [instant] } },
        },
      ],
    });
    expect(JSON.parse(role.inlinePolicies.get('aoa-iam-revocation')!)).toEqual(
      revocation(revokedAt),
    );
    expect(role.inlinePolicies.has('temp-rotate-token')).toBe(false);
    expect(
      emulator.account.roles.get(roleName('checkout'))!.inlinePolicies.has('aoa-iam-revocation'),
    ).toBe(false);

    // Then an apply writes nothing back, even with a --now days past the 12-hour hold
    // (and before the grant's expiry), and audit shows the revocation
    emulator.resetCounts();
    const later = await runCli(['apply', ...awsArgs(emulator, catalogue, '2026-12-10T17:00:00Z')]);
    expect(later.code, later.stderr).toBe(0);
    expect(emulator.writes).toEqual([]);
    expect(role.inlinePolicies.has('aoa-iam-revocation')).toBe(true);
    const audit = await runCli([
      'audit',
      ...awsArgs(emulator, catalogue, '2026-12-04T14:00:00Z'),
      '--fail-on',
      'drift',
    ]);
    expect(audit.code).toBe(0);
    expect(audit.stdout).toContain(
      `- \`payments-staging-api\`: sessions issued before ${revokedAt}`,
    );

    // When the catalogue issues the grant again with a new expiry, apply follows it
    const reissued = writeCatalogue([
      {
        name: 'payments',
        temporary: [{ capabilities: ['rotate-token'], expires: '2026-12-12T18:00:00Z' }],
      },
      { name: 'checkout' },
    ]);
    expect(
      (await runCli(['apply', ...awsArgs(emulator, reissued, '2026-12-04T15:00:00Z')])).code,
    ).toBe(0);
    expect(role.inlinePolicies.has('temp-rotate-token')).toBe(true);
    expect(role.tags.has('aoa-iam:revoked-grants')).toBe(false);
    expect(role.inlinePolicies.has('aoa-iam-revocation')).toBe(true);

    // And once no session from before the revocation can be alive (12 h of real time), apply lifts it
    const longAgo = new Date(Date.now() - 43_201_000).toISOString().replace(/\.\d+Z$/, 'Z');
    role.inlinePolicies.set('aoa-iam-revocation', JSON.stringify(revocation(longAgo)));
    expect(
      (await runCli(['apply', ...awsArgs(emulator, reissued, '2026-12-04T15:00:00Z')])).code,
    ).toBe(0);
    expect(role.inlinePolicies.has('aoa-iam-revocation')).toBe(false);
  });

  it('revokes every role of an app or of the environment, and refuses a selector that matches nothing', async () => {
    const catalogue = writeCatalogue([{ name: 'payments' }, { name: 'checkout' }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);

    const byApp = await runCli(['revoke', ...awsArgs(emulator, catalogue), '--app', 'checkout']);
    expect(byApp.stdout).toContain('1 role(s) revoked');
    const all = await runCli(['revoke', ...awsArgs(emulator, catalogue), '--all']);
    expect(all.stdout).toContain('2 role(s) revoked');
    const none = await runCli(['revoke', ...awsArgs(emulator, catalogue), '--app', 'nobody']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      'no role of aoa-iam in environment staging matches app "nobody": nothing was revoked',
    );
    const both = await runCli(['revoke', ...awsArgs(emulator, catalogue), '--app', 'x', '--all']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give exactly one of --role, --app or --all');
  });
});
