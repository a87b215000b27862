/**
 * What the AWS end-to-end tests share: an emulator with the environment's
 * boundary, catalogues written to a temporary folder, and the built CLI run
 * as a child process with fake credentials that never reach ~/.aws or
 * instance metadata.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalPolicy } from '@aoa-iam/aws';
import { type EmulatedRole, type IamEmulator, startIamEmulator } from '../iam-emulator/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(ROOT, 'packages/cli/dist/bin.js');
export const ACCOUNT = '111111111111';
export const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/aoa-iam-boundary`;
export const ROLE_PATH = '/aoa-iam/platform/';
export const NOW = '2026-12-04T12:00:00Z';
/** Fake, secret-shaped credentials: tests assert none of them ever appears in output. */
export const FAKE_KEY_ID = 'AKIAEMULATORTEST0001';
export const FAKE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEMULATORKE';
export const FAKE_SESSION_TOKEN = `IQoJb3JpZ2luX2VjEMULATOR${'Ab9+/'.repeat(30)}`;

/** Starts an emulator for account {@link ACCOUNT} holding the environment's boundary policy. */
export async function startEmulator(accountId = ACCOUNT): Promise<IamEmulator> {
  const emulator = await startIamEmulator({ accountId, accessKeyId: FAKE_KEY_ID });
  emulator.account.addManagedPolicy('aoa-iam-boundary');
  emulator.account.rolesLimit = 10_000;
  return emulator;
}

/** An app block of the test catalogue. */
export interface TestApp {
  name: string;
  namespace?: string;
  capabilities?: string[];
  temporary?: Array<{ capabilities: string[]; expires: string }>;
}

/** Writes a root catalogue (environment `staging`, account {@link ACCOUNT}) and returns its path. */
export function writeCatalogue(
  apps: TestApp[],
  options: { account?: string; dir?: string } = {},
): string {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'aoa-iam-aws-'));
  const account = options.account ?? ACCOUNT;
  const lines = [
    'version: aoa-iam/v1',
    'parent: platform',
    'environments:',
    '  staging:',
    `    account: "${account}"`,
    '    region: eu-west-1',
    `    boundary: arn:aws:iam::${account}:policy/aoa-iam-boundary`,
    '    maxSession: 1h',
    '    maxGrant: 14d',
    '    providers:',
    '      eks:',
    '        type: eks-irsa',
    '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/5C1A0F1E2B3D4C5E6F708192A3B4C5D6',
    'capabilities:',
    '  read-metrics:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [cloudwatch:GetMetricData, cloudwatch:ListMetrics]',
    '          Resource: "*"',
    '  read-queue:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [sqs:ReceiveMessage]',
    '          Resource: arn:${partition}:sqs:${region}:${account}:${env}-${app}',
    '  rotate-token:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: secretsmanager:RotateSecret',
    '          Resource: arn:${partition}:secretsmanager:${region}:${account}:secret:${env}/${app}/*',
    'apps:',
  ];
  for (const app of apps) {
    lines.push(
      `  ${app.name}:`,
      `    namespace: ${app.namespace ?? app.name}`,
      '    identities:',
      '      api:',
      `        serviceAccount: ${app.name}`,
      '    grants:',
      '      staging:',
      `        api: [${(app.capabilities ?? ['read-metrics']).join(', ')}]`,
    );
    if (app.temporary?.length) {
      lines.push('    temporary:');
      for (const grant of app.temporary) {
        lines.push(
          '      - identity: api',
          '        environment: staging',
          `        capabilities: [${grant.capabilities.join(', ')}]`,
          `        expires: ${grant.expires}`,
          '        reason: INC-4711 rotate the token after the vendor key rollover.',
        );
      }
    }
  }
  const file = path.join(dir, 'aoa-iam.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The environment a CLI child gets: fake credentials, no profile files, no instance metadata. */
export function cliEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(path.join(tmpdir(), 'aoa-iam-home-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: FAKE_KEY_ID,
    AWS_SECRET_ACCESS_KEY: FAKE_SECRET,
    AWS_SESSION_TOKEN: FAKE_SESSION_TOKEN,
    AWS_REGION: 'eu-west-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: path.join(home, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'no-credentials'),
    ...extra,
  };
}

/** What one CLI run printed and returned. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process; `onSpawn` gets the child (kill-and-resume tests). */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: cliEnvironment(options.env),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    options.onSpawn?.(child);
  });
}

/** The shared flags for a run against `emulator`. */
export function awsArgs(emulator: IamEmulator, catalogue: string, now = NOW): string[] {
  return [
    '--environment',
    'staging',
    '--catalogue',
    catalogue,
    '--endpoint',
    emulator.url,
    '--now',
    now,
  ];
}

/** A role's name as compile derives it for app × staging × identity `api`. */
export function roleName(app: string): string {
  return `${app}-staging-api`;
}

/** A role as a comparable value: documents canonical, the revision tag left out. */
export function snapshotRole(role: EmulatedRole): unknown {
  const tags = Object.fromEntries(
    [...role.tags].filter(([key]) => key !== 'aoa-iam:revision').sort(),
  );
  return {
    name: role.name,
    path: role.path,
    trust: canonicalPolicy(role.trustPolicy),
    boundary: role.boundary,
    maxSession: role.maxSessionSeconds,
    description: role.description,
    tags,
    inline: Object.fromEntries(
      [...role.inlinePolicies]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, text]) => [name, canonicalPolicy(text)]),
    ),
    attached: [...role.attached.keys()].sort(),
  };
}

/** Every role of the account, snapshotted, by name. */
export function snapshotAccount(emulator: IamEmulator): Record<string, unknown> {
  return Object.fromEntries(
    [...emulator.account.roles.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((role) => [role.name, snapshotRole(role)]),
  );
}

/** A deep copy of one role's state, to prove later that nothing of it changed. */
export function frozenCopy(role: EmulatedRole): unknown {
  return structuredClone({
    ...role,
    tags: [...role.tags],
    inlinePolicies: [...role.inlinePolicies],
    attached: [...role.attached],
    instanceProfiles: [...role.instanceProfiles],
  });
}
