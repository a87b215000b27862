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
      '2 to create, 0 to update, 0 to delete, 0 unchanged; 0 error(s).',
    );

    const applied = await runCli(['apply', ...awsArgs(emulator, catalogue)]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('2 created, 0 updated, 0 deleted, 0 failed.');
    expect(applied.stderr).toContain('apply: 2/2');
    const role = emulator.account.roles.get(roleName('payments'))!;
    expect(role.path).toBe(ROLE_PATH);
    expect(role.boundary).toBe(BOUNDARY);
    expect([...role.inlinePolicies.keys()].sort()).toEqual(['cap-read-metrics', 'cap-read-queue']);

    emulator.resetCounts();
    const again = await runCli(['apply', ...awsArgs(emulator, catalogue)]);
    expect(again.code).toBe(0);
    expect(emulator.writes).toEqual([]);
    expect(again.stdout).toContain('0 write call(s)');

    const replanned = await runCli(['plan', ...awsArgs(emulator, catalogue), '--format', 'json']);
    expect(replanned.code).toBe(0);
    expect(JSON.parse(replanned.stdout).changes).toEqual([]);
  });
});
