// Bundle sizes and cold starts of the three GitHub Actions, run as the runner runs them
// (`node actions/<name>/dist/index.js` with INPUT_* variables) on examples/platform.
// The baseline is a bare `node -e ""` measured in the same run; apply and audit talk to
// the IAM emulator on 127.0.0.1. Targets: cold start under 1 s, bundle under 2.5 MB.
// Usage: pnpm run bench:actions   (after pnpm run bundle:actions and pnpm run build)
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;
const COLD_START_TARGET_MS = 1_000;
const BUNDLE_TARGET_BYTES = 2.5 * 1024 * 1024;

const { startIamEmulator } = await import(join(root, 'test/iam-emulator/dist/index.js'));

function folderBytes(folder) {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const target = join(folder, entry.name);
    total += entry.isDirectory() ? folderBytes(target) : statSync(target).size;
  }
  return total;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `node args`; async, so the emulator in this process keeps answering. */
async function timeNode(args, options = {}) {
  const times = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = process.hrtime.bigint();
    const status = await new Promise((resolve) => {
      execFile(process.execPath, args, options, (error, stdout, stderr) => {
        if (error) console.error(`${args.join(' ')} failed:\n${stdout}\n${stderr}`);
        resolve(error ? 1 : 0);
      });
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (status !== 0) throw new Error(`${args.join(' ')} failed`);
  }
  return median(times);
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'aoa-iam-bench-'));
  cpSync(join(root, 'examples/platform'), dir, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  return dir;
}

function runnerEnv(dir, inputs, extra = {}) {
  const outputs = join(dir, 'output');
  const summary = join(dir, 'summary.md');
  const event = join(dir, 'event.json');
  writeFileSync(outputs, '');
  writeFileSync(summary, '');
  writeFileSync(event, JSON.stringify({ repository: { default_branch: 'main' } }));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_PATH: event,
    GITHUB_OUTPUT: outputs,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: 'example-org/platform',
    ...extra,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

const emulator = await startIamEmulator({ accountId: '111111111111' });
emulator.account.addManagedPolicy('aoa-iam-boundary');
const aws = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const now = '2026-12-04T12:00:00Z';
const common = { catalogue: 'aoa-iam.yaml', now };
const dir = workspace();
const cases = [
  ['validate', { ...common, base: 'none', comment: 'false', 'fail-on': 'error' }, {}],
  [
    'apply',
    {
      ...common,
      environment: 'staging',
      endpoint: emulator.url,
      concurrency: '4',
      'dry-run': 'false',
    },
    aws,
  ],
  [
    'audit',
    {
      ...common,
      environment: 'staging',
      endpoint: emulator.url,
      'fail-on': 'none',
      'unused-days': '90',
    },
    aws,
  ],
];

try {
  const baseline = await timeNode(['-e', '']);
  console.log(`Baseline: bare node start ${baseline.toFixed(0)} ms (median of ${RUNS}).\n`);
  console.log('action    bundle (index.js)  dist total   cold start   × baseline   targets');
  for (const [name, inputs, extra] of cases) {
    const dist = join(root, 'actions', name, 'dist');
    const bundle = statSync(join(dist, 'index.js')).size;
    const total = folderBytes(dist);
    const ms = await timeNode([join(dist, 'index.js')], {
      cwd: dir,
      env: runnerEnv(dir, inputs, extra),
    });
    const ok = ms < COLD_START_TARGET_MS && bundle < BUNDLE_TARGET_BYTES;
    console.log(
      `${name.padEnd(9)} ${(bundle / 1024 / 1024).toFixed(2).padStart(8)} MB        ` +
        `${(total / 1024 / 1024).toFixed(2).padStart(6)} MB   ${ms.toFixed(0).padStart(6)} ms   ` +
        `${(ms / baseline).toFixed(1).padStart(6)}×      ${ok ? 'met' : 'MISSED'} (< 1 s, < 2.5 MB)`,
    );
  }
} finally {
  await emulator.close();
}
