// AWS-side benchmark against the IAM emulator on 127.0.0.1:
// 1. plan against 5,000 owned roles: IAM calls (target: at most 10) and wall time;
// 2. apply 500 new roles while the emulator allows 10 writes a second: wall time
//    against the floor (writes ÷ rate), target at most 1.2× the floor.
// Prints its figures and exits non-zero when a target is missed. Needs the build
// (`pnpm build`): it runs packages/aws/dist and test/iam-emulator/dist.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  applyEnvironment,
  createAwsClients,
  loadEnvironmentTarget,
  planEnvironment,
} from '../packages/aws/dist/index.js';
import { startIamEmulator } from '../test/iam-emulator/dist/index.js';

const ACCOUNT = '111111111111';
const NOW = new Date('2026-12-04T12:00:00Z');
const PLAN_ROLES = Number(process.env.BENCH_PLAN_ROLES ?? 5_000);
const APPLY_ROLES = Number(process.env.BENCH_APPLY_ROLES ?? 500);
const WRITES_PER_SECOND = 10;
const CONCURRENCY = 8;

// Fake credentials for the emulator; the SDK's chain must find nothing else.
Object.assign(process.env, {
  AWS_ACCESS_KEY_ID: 'AKIAEMULATORBENCH001',
  AWS_SECRET_ACCESS_KEY: 'emulator-bench-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/aoa-iam-bench-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aoa-iam-bench-credentials',
});

function catalogueWith(apps) {
  const lines = [
    'version: aoa-iam/v1',
    'parent: bench',
    'environments:',
    '  staging:',
    `    account: "${ACCOUNT}"`,
    '    region: eu-west-1',
    `    boundary: arn:aws:iam::${ACCOUNT}:policy/aoa-iam-boundary`,
    '    providers:',
    '      eks:',
    '        type: eks-irsa',
    '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/BENCH0123456789ABCDEF',
    'capabilities:',
    '  read-metrics:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [cloudwatch:GetMetricData, cloudwatch:ListMetrics]',
    '          Resource: "*"',
    'apps:',
  ];
  for (let index = 0; index < apps; index++) {
    const name = `app${String(index).padStart(5, '0')}`;
    lines.push(
      `  ${name}:`,
      `    namespace: ${name}`,
      '    identities:',
      '      api:',
      `        serviceAccount: ${name}`,
      '    grants:',
      '      staging:',
      '        api: [read-metrics]',
    );
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'aoa-iam-bench-')), 'aoa-iam.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function target(apps) {
  const { target, findings } = await loadEnvironmentTarget({
    catalogueFile: catalogueWith(apps),
    environment: 'staging',
    now: NOW,
  });
  if (!target) throw new Error(`bench catalogue unusable: ${JSON.stringify(findings[0])}`);
  return target;
}

async function emulatorFor() {
  const emulator = await startIamEmulator({ accountId: ACCOUNT });
  emulator.account.addManagedPolicy('aoa-iam-boundary');
  emulator.account.rolesLimit = 20_000;
  return emulator;
}

async function benchPlan() {
  const emulator = await emulatorFor();
  const planTarget = await target(PLAN_ROLES);
  for (const role of planTarget.roles) {
    emulator.account.seedRole({
      name: role.name,
      path: role.path,
      trustPolicy: role.trustPolicy,
      description: role.description,
      maxSessionSeconds: role.maxSessionSeconds,
      boundary: role.boundary,
      tags: role.tags,
      inlinePolicies: Object.fromEntries(
        role.inlinePolicies.map((policy) => [policy.name, policy.document]),
      ),
    });
  }
  const clients = createAwsClients({ region: 'eu-west-1', endpoint: emulator.url });
  emulator.resetCounts();
  const started = performance.now();
  const plan = await planEnvironment({ target: planTarget, now: NOW, clients });
  const seconds = (performance.now() - started) / 1_000;
  const calls = emulator.iamCalls();
  clients.destroy();
  await emulator.close();
  const met = calls <= 10 && plan.changes.length === 0;
  console.log(
    `plan, ${PLAN_ROLES} owned roles: ${calls} IAM calls (target ≤ 10), ${seconds.toFixed(2)} s, ` +
      `${plan.changes.length} changes → ${met ? 'met' : 'MISSED'}`,
  );
  return met;
}

async function benchApply() {
  const emulator = await emulatorFor();
  const applyTarget = await target(APPLY_ROLES);
  emulator.faults = { writesPerSecond: WRITES_PER_SECOND };
  const clients = createAwsClients({ region: 'eu-west-1', endpoint: emulator.url });
  const started = performance.now();
  const { summary } = await applyEnvironment({
    target: applyTarget,
    now: NOW,
    clients,
    concurrency: CONCURRENCY,
  });
  const seconds = (performance.now() - started) / 1_000;
  clients.destroy();
  const throttled =
    (emulator.calls.get('CreateRole') ?? 0) +
    (emulator.calls.get('PutRolePolicy') ?? 0) -
    summary.writes;
  await emulator.close();
  const floor = summary.writes / WRITES_PER_SECOND;
  const ratio = seconds / floor;
  const met = ratio <= 1.2 && summary.failed === 0 && summary.created === APPLY_ROLES;
  console.log(
    `apply, ${APPLY_ROLES} new roles at ${WRITES_PER_SECOND} writes/s: ${summary.writes} writes, ` +
      `${seconds.toFixed(1)} s against a floor of ${floor.toFixed(1)} s = ${ratio.toFixed(2)}× ` +
      `(target ≤ 1.2×); ${throttled} throttled calls, ${summary.retries} retries → ${met ? 'met' : 'MISSED'}`,
  );
  return met;
}

const planMet = await benchPlan();
const applyMet = await benchApply();
process.exitCode = planMet && applyMet ? 0 : 1;
