import { describe, expect, it } from 'vitest';
import { runBuiltCli } from './run-built-cli.js';

// `aoa-iam render` through the built CLI, on the bundled example's catalogue.
const CATALOGUE = 'examples/platform/aoa-iam.yaml';
const STAGING_API = 'arn:aws:iam::111111111111:role/aoa-iam/platform/payments-api-staging-api';
const PRODUCTION_API =
  'arn:aws:iam::222222222222:role/aoa-iam/platform/payments-api-production-api';
const base = [
  'render',
  '--catalogue',
  CATALOGUE,
  '--app',
  'payments-api',
  '--now',
  '2026-12-05T00:00:00Z',
];
const serviceAccount = (extra = '') =>
  `# Source: payments/templates/sa.yaml\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: payments-api\n  namespace: payments\n${extra}`;

describe('aoa-iam render', () => {
  it('annotates a stream read from stdin', () => {
    const run = runBuiltCli([...base, '--environment', 'staging', '-'], serviceAccount());

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${serviceAccount()}  annotations:\n    eks.amazonaws.com/role-arn: ${STAGING_API}\n`,
    );
    expect(run.stderr).toBe('');
  });

  it('refuses a staging ServiceAccount that names the production role, exit 1 and nothing on stdout', () => {
    const run = runBuiltCli(
      [...base, '--environment', 'staging', '-'],
      serviceAccount(`  annotations:\n    eks.amazonaws.com/role-arn: ${PRODUCTION_API}\n`),
    );

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: <stdin>:8:33: document 1 of <stdin> (ServiceAccount payments/payments-api): metadata.annotations["eks.amazonaws.com/role-arn"] names role ${PRODUCTION_API}, which is not granted to app payments-api, environment staging and service account system:serviceaccount:payments:payments-api: the catalogue grants it to no identity in staging; system:serviceaccount:payments:payments-api holds ${STAGING_API}\n` +
        '  fix: Remove the annotation: aoa-iam writes the granted role itself. To grant the role, add this service account to app "payments-api" in the catalogue.\n',
    );
  });

  it('exits 2 on unusable input and on a missing environment', () => {
    const broken = runBuiltCli(
      [...base, '--environment', 'staging', '-'],
      'kind: ServiceAccount\nmetadata: [\n',
    );
    const usage = runBuiltCli([...base, '-'], serviceAccount());
    const unknown = runBuiltCli([...base, '--environment', 'qa', '-'], serviceAccount());

    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^error: <stdin>:3:1: document 1 of <stdin>: YAML syntax: /);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe(
      'aoa-iam render: --environment is required\nSee "aoa-iam render --help".\n',
    );
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('error: environment "qa" is not in');
  });

  it('renders an app folder and the parent folder of the example', () => {
    const child = runBuiltCli([
      ...base,
      '--environment',
      'production',
      'examples/platform/apps/payments-api',
    ]);
    const parent = runBuiltCli([
      'render',
      'examples/platform/applications',
      '--catalogue',
      CATALOGUE,
      '--environment',
      'production',
    ]);

    expect(child.status).toBe(0);
    expect(child.stdout).toContain(`eks.amazonaws.com/role-arn: ${PRODUCTION_API}\n`);
    expect(parent.status).toBe(0);
    expect(parent.stdout.match(/\n {4}plugin:\n {6}name: aoa-iam-v1\n/g)).toHaveLength(4);
  });
});
