import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IamEmulator } from '../iam-emulator/index.js';
import {
  awsArgs,
  BOUNDARY,
  ROLE_PATH,
  roleName,
  runCli,
  startEmulator,
  writeCatalogue,
} from './harness.js';

describe('plan and apply through the CLI', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('plans creates with exit 1, applies them, and a second apply writes nothing', async () => {
    const catalogue = writeCatalogue([
      { name: 'payments', capabilities: ['read-metrics', 'read-queue'] },
      { name: 'checkout' },
    ]);

    const planned = await runCli(['plan', ...awsArgs(emulator, catalogue)]);
    expect(planned.stderr).not.toContain('error');
    expect(planned.code).toBe(1);
    expect(planned.stdout).toContain('+ create payments-staging-api: new in the catalogue');
    expect(planned.stdout).toContain(
      '2 to create, 0 to update, 0 to delete, 0 unchanged; 0 error(s). Read in 2 IAM calls.',
    );

    const applied = await runCli(['apply', ...awsArgs(emulator, catalogue)]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('2 created, 0 updated, 0 deleted, 0 failed.');
    expect(applied.stderr).toContain('apply: 2/2');
    const role = emulator.account.roles.get(roleName('payments'))!;
    expect(role.path).toBe(ROLE_PATH);
    expect(role.boundary).toBe(BOUNDARY);
    expect(role.maxSessionSeconds).toBe(3_600);
    expect(role.tags.get('aoa-iam:managed-by')).toBe('aoa-iam');
    expect(role.tags.get('aoa-iam:parent')).toBe('platform');
    expect([...role.inlinePolicies.keys()].sort()).toEqual(['cap-read-metrics', 'cap-read-queue']);

    emulator.resetCounts();
    const again = await runCli(['apply', ...awsArgs(emulator, catalogue)]);
    expect(again.code).toBe(0);
    expect(emulator.writes).toEqual([]);
    expect(again.stdout).toContain('0 write call(s)');

    const replanned = await runCli(['plan', ...awsArgs(emulator, catalogue), '--format', 'json']);
    expect(replanned.code).toBe(0);
    const plan = JSON.parse(replanned.stdout);
    expect(plan.changes).toEqual([]);
    expect(plan.unchanged).toEqual(['checkout-staging-api', 'payments-staging-api']);
  });

  it('lists every write of an update in the JSON plan, and --dry-run writes none of them', async () => {
    const catalogue = writeCatalogue([{ name: 'payments' }]);
    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(0);
    const changed = writeCatalogue([{ name: 'payments', capabilities: ['read-queue'] }]);

    const planned = await runCli(['plan', ...awsArgs(emulator, changed), '--format', 'json']);
    expect(planned.code).toBe(1);
    const [change] = JSON.parse(planned.stdout).changes;
    expect(change.action).toBe('update');
    expect(
      change.steps.map((step: { op: string; policyName?: string }) =>
        `${step.op} ${step.policyName ?? ''}`.trim(),
      ),
    ).toEqual(['DeleteRolePolicy cap-read-metrics', 'PutRolePolicy cap-read-queue', 'TagRole']);

    emulator.resetCounts();
    const dry = await runCli(['apply', ...awsArgs(emulator, changed), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    expect(emulator.writes).toEqual([]);

    const applied = await runCli(['apply', ...awsArgs(emulator, changed), '--format', 'json']);
    expect(applied.code).toBe(0);
    const { summary } = JSON.parse(applied.stdout);
    expect(summary).toMatchObject({ updated: 1, failed: 0, writes: 3, dryRun: false });
    expect(summary.writesByOperation).toEqual({
      DeleteRolePolicy: 1,
      PutRolePolicy: 1,
      TagRole: 1,
    });
  });

  it('suggests adopt only where adopt works, and says why elsewhere', async () => {
    const catalogue = writeCatalogue([{ name: 'pay' }, { name: 'shop' }, { name: 'checkout' }]);
    const trust = { Version: '2012-10-17', Statement: [] };
    // Held by others: at path / and in other case; on aoa-iam's path in other case; the exact name.
    emulator.account.seedRole({ name: 'PAY-staging-api', path: '/', trustPolicy: trust });
    emulator.account.seedRole({ name: 'SHOP-staging-api', path: ROLE_PATH, trustPolicy: trust });
    emulator.account.seedRole({ name: roleName('checkout'), path: ROLE_PATH, trustPolicy: trust });

    const plan = await runCli(['plan', ...awsArgs(emulator, catalogue)]);
    expect(plan.code).toBe(2);
    const fixOf = (role: string) => {
      const lines = plan.stdout.split('\n');
      const at = lines.findIndex((line) => line.includes(`role "${role}" in account`));
      return lines[at + 1] ?? '';
    };
    expect(fixOf('PAY-staging-api')).toContain(
      'adopt cannot take it: IAM cannot move a role from path / to /aoa-iam/platform/.',
    );
    expect(fixOf('PAY-staging-api')).not.toContain('aoa-iam adopt');
    expect(fixOf('SHOP-staging-api')).toContain(
      'adopt cannot take it: its name differs from the derived "shop-staging-api" in case',
    );
    expect(fixOf('SHOP-staging-api')).not.toContain('aoa-iam adopt');

    // Either spelling of the name gets the reason, not "derives no role" or "does not exist"
    for (const spelling of ['PAY-staging-api', 'pay-staging-api']) {
      const adopt = await runCli(['adopt', ...awsArgs(emulator, catalogue), '--role', spelling]);
      expect(adopt.code).toBe(2);
      expect(adopt.stderr).toContain(
        'role "PAY-staging-api" has path / and aoa-iam\'s roles live under /aoa-iam/platform/; ' +
          "IAM cannot change a role's path, so it cannot be adopted",
      );
    }
    const shop = await runCli([
      'adopt',
      ...awsArgs(emulator, catalogue),
      '--role',
      'shop-staging-api',
    ]);
    expect(shop.code).toBe(2);
    expect(shop.stderr).toContain(
      'role "SHOP-staging-api" differs from the derived name "shop-staging-api" in case',
    );
    expect(emulator.writes).toEqual([]);

    // And the command suggested for the role adopt can take works as printed
    const suggested = /"aoa-iam adopt ([^"]+)"/.exec(fixOf(roleName('checkout')))?.[1];
    expect(suggested).toBe('--environment staging --role checkout-staging-api');
    const adopted = await runCli([
      'adopt',
      ...suggested!.split(' '),
      ...awsArgs(emulator, catalogue).slice(2),
    ]);
    expect(adopted.code, adopted.stderr).toBe(0);
    expect(adopted.stdout).toContain('adopted checkout-staging-api');
  });

  it("takes a foreign role over only through adopt, and only on aoa-iam's path", async () => {
    const catalogue = writeCatalogue([{ name: 'payments' }, { name: 'checkout' }]);
    const trust = { Version: '2012-10-17', Statement: [] };
    emulator.account.seedRole({
      name: roleName('payments'),
      path: ROLE_PATH,
      trustPolicy: trust,
      tags: { 'managed-by': 'terraform' },
    });
    emulator.account.seedRole({ name: roleName('checkout'), path: '/', trustPolicy: trust });

    expect((await runCli(['apply', ...awsArgs(emulator, catalogue)])).code).toBe(2);
    const wrongPath = await runCli([
      'adopt',
      ...awsArgs(emulator, catalogue),
      '--role',
      roleName('checkout'),
    ]);
    expect(wrongPath.code).toBe(2);
    expect(wrongPath.stderr).toContain("IAM cannot change a role's path, so it cannot be adopted");

    const adopted = await runCli([
      'adopt',
      ...awsArgs(emulator, catalogue),
      '--role',
      roleName('payments'),
    ]);
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain('adopted payments-staging-api');
    expect(emulator.account.roles.get(roleName('payments'))!.tags.get('aoa-iam:managed-by')).toBe(
      'aoa-iam',
    );
    const plan = await runCli([
      'plan',
      ...awsArgs(emulator, writeCatalogue([{ name: 'payments' }])),
      '--format',
      'json',
    ]);
    expect(plan.code).toBe(1);
    expect(JSON.parse(plan.stdout).changes[0]).toMatchObject({
      action: 'update',
      role: 'payments-staging-api',
    });
  });

  it('plans offline against a git revision with --base, reaching no AWS endpoint', async () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'aoa-iam-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    copyFileSync(writeCatalogue([{ name: 'payments' }]), path.join(repo, 'aoa-iam.yaml'));
    git('add', 'aoa-iam.yaml');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    copyFileSync(
      writeCatalogue([
        { name: 'payments', capabilities: ['read-metrics', 'read-queue'] },
        { name: 'checkout' },
      ]),
      path.join(repo, 'aoa-iam.yaml'),
    );

    const offline = await runCli(
      [
        'plan',
        '--base',
        'HEAD',
        '--catalogue',
        path.join(repo, 'aoa-iam.yaml'),
        '--format',
        'json',
      ],
      {
        env: { GIT_DIR: path.join(repo, '.git') },
        cwd: repo,
      },
    );

    expect(offline.code, offline.stderr).toBe(1);
    const review = JSON.parse(offline.stdout);
    expect(review.base).toBe('git revision HEAD');
    expect(review.added.map((role: { role: string }) => role.role)).toEqual([
      'checkout-staging-api',
    ]);
    expect(review.changed.map((role: { role: string }) => role.role)).toEqual([
      'payments-staging-api',
    ]);
    expect(emulator.calls.size).toBe(0);
  });

  it('asks for --environment and names bad flag values', async () => {
    const catalogue = writeCatalogue([{ name: 'payments' }]);
    const missing = await runCli(['plan', '--catalogue', catalogue]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('aoa-iam plan: --environment is required');
    const badNow = await runCli(['apply', ...awsArgs(emulator, catalogue, 'yesterday')]);
    expect(badNow.stderr).toContain(
      '--now must be an ISO 8601 instant such as 2026-12-04T12:00:00Z, not "yesterday"',
    );
    const unknown = await runCli([
      'plan',
      ...awsArgs(emulator, catalogue).map((arg) => (arg === 'staging' ? 'prod' : arg)),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('environment "prod" is not declared');
    expect(emulator.calls.size).toBe(0);
  });
});
