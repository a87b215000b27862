import { describe, expect, it } from 'vitest';
import { CATALOGUE_HEAD, runCli, writeTree } from './run-cli.js';

const EXAMPLE = 'examples/platform/aoa-iam.yaml';
const NOW = ['--now', '2026-12-04T12:00:00Z'];

describe('aoa-iam explain', () => {
  it('says who can do what, where and until when in plain sentences', async () => {
    const run = await runCli(['explain', EXAMPLE, ...NOW]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('In production:');
    expect(run.stdout).toContain(
      'payments-api: api, service account payments/payments-api (eks-irsa), can read-metrics (Read), read-payment-events (Write), store-receipts (Write).',
    );
    expect(run.stdout).toContain('Until 2026-12-10T18:00:00Z also rotate-token (Write)');
    expect(run.stdout).toContain('grafana (under observability)');
  });

  it('draws a Mermaid graph: parent, apps, identities, capabilities per environment', async () => {
    const run = await runCli(['explain', EXAMPLE, ...NOW, '--format', 'mermaid']);
    expect(run.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(run.stdout).toContain('subgraph production["production"]');
    expect(run.stdout).toContain('production__parent__platform --> production__app__payments_api');
    expect(run.stdout).toMatch(/production__id__payments_api__api -\. "until 2026-12-10" \.-> /);
  });

  it('answers who can do an action on a resource in an environment, with the granting statement', async () => {
    const run = await runCli([
      'explain',
      EXAMPLE,
      ...NOW,
      '--action',
      'S3:putobject',
      '--resource',
      'arn:aws:s3:::example-production-receipts/payments-api/r1.pdf',
      '--environment',
      'production',
    ]);
    expect(run.stdout).toBe(
      'Who can S3:putobject on arn:aws:s3:::example-production-receipts/payments-api/r1.pdf in production:\n' +
        '  api of payments-api in production (role payments-api-production-api): capability store-receipts, statement 0.\n',
    );
  });

  it('says nobody when no role matches, e.g. another app’s prefix', async () => {
    const run = await runCli([
      'explain',
      EXAMPLE,
      ...NOW,
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::example-production-receipts/checkout-web/r1.pdf',
    ]);
    expect(run.stdout).toBe(
      'Nobody can s3:PutObject on arn:aws:s3:::example-production-receipts/checkout-web/r1.pdf.\n',
    );
  });

  it('treats NotAction as "everything except" when asking who can', async () => {
    const root = writeTree({
      'aoa-iam.yaml': `${CATALOGUE_HEAD}  broad:
    policy:
      Version: 2012-10-17
      Statement:
        - {Effect: Allow, NotAction: ["iam:*"], Resource: "*"}
apps:
  web:
    namespace: web
    identities: {api: {serviceAccount: api}}
    grants: {staging: {api: [broad]}}
`,
    });
    const allowed = await runCli(
      ['explain', 'aoa-iam.yaml', ...NOW, '--action', 'sqs:DeleteQueue', '--format', 'json'],
      root,
    );
    expect(
      JSON.parse(allowed.stdout).holders.map((holder: { role: string }) => holder.role),
    ).toEqual(['web-staging-api']);
    const excluded = await runCli(
      ['explain', 'aoa-iam.yaml', ...NOW, '--action', 'iam:PassRole', '--format', 'json'],
      root,
    );
    expect(JSON.parse(excluded.stdout).holders).toEqual([]);
  });

  it('refuses an environment the catalogue does not have', async () => {
    const run = await runCli([
      'explain',
      EXAMPLE,
      '--action',
      's3:GetObject',
      '--environment',
      'qa',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environment "qa" is not in the catalogue (staging, production)');
  });
});
