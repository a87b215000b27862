// What the AWS commands print around their work: no SDK notice on Node 20, the
// catalogue named as the user gave it, and a report path that cannot be written.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IamEmulator } from '../iam-emulator/index.js';
import { ACCOUNT, ROLE_PATH, roleName, runCli, startEmulator, writeCatalogue } from './harness.js';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

describe('CLI output of the AWS commands', () => {
  let emulator: IamEmulator;
  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  const args = (catalogue: string) => [
    '--environment',
    'staging',
    '--catalogue',
    catalogue,
    '--endpoint',
    emulator.url,
  ];

  it("prints no SDK Node-version notice on Node 20, and nothing else than the command's own lines", async () => {
    const plan = await runCli(['plan', ...args(writeCatalogue([{ name: 'alpha' }]))]);

    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe(
      `plan: environment staging: account ${ACCOUNT} (arn:aws:sts::${ACCOUNT}:assumed-role/deployer/aoa-iam-test)\n` +
        'plan: read 0 roles in 2 IAM calls\n',
    );
  });

  it.runIf(NODE_MAJOR < 22)(
    "keeps the user's own setting of the SDK's switch for that notice",
    async () => {
      const plan = await runCli(['plan', ...args(writeCatalogue([{ name: 'alpha' }]))], {
        env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' },
      });

      expect(plan.stderr).toContain('NodeVersionSupportWarning');
    },
  );

  it('names catalogue positions and files by the path the user gave, not an absolute one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aoa-iam-relative-'));
    mkdirSync(path.join(dir, 'team'));
    writeCatalogue([{ name: 'alpha', capabilities: ['no-such-capability'] }], {
      dir: path.join(dir, 'team'),
    });

    const broken = await runCli(['plan', ...args('team/aoa-iam.yaml')], { cwd: dir });

    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^team\/aoa-iam\.yaml:\d+:\d+: error /m);
    expect(broken.stderr).not.toContain(dir);

    writeCatalogue([{ name: 'alpha' }], { dir: path.join(dir, 'team') });
    emulator.account.seedRole({
      name: roleName('alpha'),
      path: ROLE_PATH,
      trustPolicy: { Version: '2012-10-17', Statement: [] },
    });
    const collision = await runCli(['plan', ...args('team/aoa-iam.yaml')], { cwd: dir });

    expect(collision.code).toBe(2);
    expect(collision.stdout).toContain('  fix: rename the app or identity in team/aoa-iam.yaml ');
    expect(collision.stdout + collision.stderr).not.toContain(dir);
  });

  it('says plainly when validate --output names a folder that does not exist', async () => {
    const catalogue = writeCatalogue([{ name: 'alpha' }]);

    const run = await runCli(['validate', catalogue, '--output', '/nonexistent/x']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'aoa-iam validate: cannot write the report to /nonexistent/x: the folder /nonexistent ' +
        'does not exist; give --output a file in an existing, writable folder\n',
    );
  });
});
