import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type IamEmulator, startIamEmulator } from '../../../test/iam-emulator/index.js';
import { runAction } from '../../shared/test/run-action.js';
import { TEST_AWS_CREDENTIALS } from '../../shared/test/test-fixtures.js';
import { exampleWorkspace, type Workspace } from '../../shared/test/workspace.js';

const NOW = '2026-12-04T12:00:00Z';
const { AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY } =
  TEST_AWS_CREDENTIALS;
const SESSION_TOKEN = `IQoJb3JpZ2luX2VjEXAMPLE${'A'.repeat(120)}`;

let emulator: IamEmulator;
let ws: Workspace;

beforeEach(async () => {
  emulator = await startIamEmulator({ accountId: '111111111111' });
  emulator.account.addManagedPolicy('aoa-iam-boundary');
  ws = await exampleWorkspace();
});
afterEach(async () => {
  await emulator.close();
});

/** A real-shaped push to main, as GitHub sends it (the fields apply reads, and some it does not). */
const PUSH_TO_MAIN = {
  ref: 'refs/heads/main',
  before: '0000000000000000000000000000000000000001',
  after: 'c0ffee0000000000000000000000000000000001',
  repository: { full_name: 'example-org/platform', default_branch: 'main' },
  head_commit: { message: 'Grant payments-api rotate-token (#7)' },
};

function apply(inputs: Record<string, string>, eventName = 'push', ref = 'refs/heads/main') {
  return runAction('apply', {
    workspace: ws.dir,
    inputs: { environment: 'staging', now: NOW, endpoint: emulator.url, ...inputs },
    event: { name: eventName, payload: { ...PUSH_TO_MAIN, ref } },
    env: {
      GITHUB_REF: ref,
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      AWS_SESSION_TOKEN: SESSION_TOKEN,
    },
  });
}

/** Everything the runner would show: stdout without the add-mask commands it consumes, the summary, the outputs. */
function visible(result: Awaited<ReturnType<typeof apply>>): string {
  const log = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  return [log, result.stderr, result.summary, JSON.stringify(result.outputs)].join('\n');
}

describe('apply action, bundled, against the IAM emulator', () => {
  it('creates the environment’s roles, then finds nothing to do on the next run', async () => {
    const first = await apply({});
    expect(first.exitCode, first.stdout).toBe(0);
    const staging = [...emulator.account.roles.values()];
    expect(first.outputs).toMatchObject({
      account: '111111111111',
      created: String(staging.length),
      failed: '0',
      'dry-run': 'false',
    });
    expect(staging.length).toBeGreaterThan(0);
    expect(staging.every((role) => role.boundary?.endsWith(':policy/aoa-iam-boundary'))).toBe(true);
    expect(first.summary).toMatch(
      /^## aoa-iam apply: staging \(account 111111111111\): ✅ applied\n/,
    );

    expect(first.summary).toContain('| <code>checkout-web-staging-web</code> | create | done |');

    emulator.resetCounts();
    const second = await apply({});
    expect(second.exitCode).toBe(0);
    expect(second.outputs).toMatchObject({ changes: '0', writes: '0', created: '0' });
    expect(emulator.writes).toEqual([]);
  });

  it('never shows a credential in the log, the summary or the outputs', async () => {
    const result = await apply({});
    expect(result.exitCode).toBe(0);
    const shown = visible(result);
    for (const secret of [ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN]) {
      expect(shown).not.toContain(secret);
    }
    // The runner is told to mask each one, even values that do not look secret.
    expect(result.stdout).toContain(`::add-mask::${SECRET_ACCESS_KEY}`);
  });

  it('plans without writing on a dry run', async () => {
    const result = await apply({ 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['dry-run']).toBe('true');
    expect(Number(result.outputs.changes)).toBeGreaterThan(0);
    expect(emulator.writes).toEqual([]);
    expect(result.summary).toContain('🧪 dry run, nothing was written');
  });

  it.each([
    'pull_request',
    'pull_request_target',
    'pull_request_review',
    'pull_request_review_comment',
    'issue_comment',
    'workflow_run',
    'merge_group',
    'schedule',
  ])('refuses a %s event by name before anything reaches AWS', async (eventName) => {
    const result = await apply({}, eventName);
    expect(result.exitCode).toBe(1);
    expect(result.commands.filter((line) => line.startsWith('::error'))).toEqual([
      `::error::aoa-iam apply refuses to run for a ${eventName} event: apply runs only on push to the default branch and on workflow_dispatch from it, after review and merge.`,
    ]);
    expect(emulator.calls.size).toBe(0);
  });

  it.each([
    ['push', 'refs/heads/feature'],
    ['workflow_dispatch', 'refs/heads/feature'],
    ['push', 'refs/tags/v1.0.0'],
  ])('refuses %s on %s: only the default branch is applied', async (eventName, ref) => {
    const result = await apply({}, eventName, ref);
    expect(result.exitCode).toBe(1);
    expect(result.commands.filter((line) => line.startsWith('::error'))).toEqual([
      `::error::aoa-iam apply refuses to run for ${eventName} on ${ref}: only refs/heads/main is applied; apply runs only on push to the default branch and on workflow_dispatch from it, after review and merge.`,
    ]);
    expect(emulator.calls.size).toBe(0);
  });

  it('applies on workflow_dispatch from the default branch', async () => {
    const result = await apply({ 'dry-run': 'true' }, 'workflow_dispatch');
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.outputs['dry-run']).toBe('true');
  });

  it("refuses credentials of another account than the environment's", async () => {
    const result = await apply({ environment: 'production' });
    expect(result.exitCode).toBe(1);
    expect(result.commands.filter((line) => line.startsWith('::error'))).toEqual([
      '::error::aoa-iam apply refused: the credentials are for AWS account 111111111111, but environment "production" is account 222222222222: nothing was read or changed. Use credentials for account 222222222222, or pick the environment that belongs to account 111111111111.',
    ]);
    expect(result.outputs.account).toBe('111111111111');
    expect(emulator.writes).toEqual([]);
  });

  it('refuses an environment input that lists several accounts', async () => {
    const result = await apply({ environment: 'staging,production' });
    expect(result.exitCode).toBe(1);
    expect(result.commands.filter((line) => line.startsWith('::error'))).toEqual([
      '::error::Input "environment" must name one catalogue environment (lower-case letters, digits, "-"); got "staging,production". Use a job matrix to apply several environments.',
    ]);
  });
});

describe('apply action and roles it does not own (invariant 4)', () => {
  it('refuses the whole plan when a derived name is taken by a role of another tool, writing nothing', async () => {
    // A role named like one the catalogue derives, made by hand: no aoa-iam path or tags.
    emulator.account.seedRole({
      name: 'checkout-web-staging-web',
      trustPolicy: { Version: '2012-10-17', Statement: [] },
      tags: { 'managed-by': 'terraform' },
    });

    const result = await apply({});

    expect(result.exitCode).toBe(1);
    expect(emulator.writes).toEqual([]);
    expect(result.summary).toMatch(/: ❌ refused, nothing was written\n/);
    const errors = result.commands.filter((line) => line.startsWith('::error::'));
    // The plan's own error, worded by the AWS engine, then the step's verdict.
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      /^::error::aws\.role-not-owned: role "checkout-web-staging-web" in account 111111111111 exists and is not managed by aoa-iam /,
    );
    expect(errors[1]).toBe(
      '::error::aoa-iam apply refused environment staging: 1 error(s) in the plan; nothing was written.',
    );
    expect(emulator.account.roles.get('checkout-web-staging-web')?.tags.get('managed-by')).toBe(
      'terraform',
    );
  });
});

describe('apply action and files outside the checkout', () => {
  it('refuses a policy file outside the checkout before anything reaches AWS', async () => {
    await writeFile(
      path.join(ws.dir, '..', 'outside.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
      }),
    );
    const source = await readFile(path.join(ws.dir, 'aoa-iam.yaml'), 'utf8');
    await ws.commit({
      'aoa-iam.yaml': source.replace(
        'capabilities:\n',
        'capabilities:\n  outside:\n    policyFile: ../outside.json\n',
      ),
    });

    const result = await apply({});

    expect(result.exitCode).toBe(1);
    expect(
      result.commands.some((line) =>
        /^::error file=aoa-iam\.yaml,line=\d+,col=\d+::catalogue\.reference: policy file of capability "outside": \.\.\/outside\.json lies outside /.test(
          line,
        ),
      ),
    ).toBe(true);
    expect(emulator.calls.size).toBe(0);
  });
});
