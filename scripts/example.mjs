#!/usr/bin/env node
// The main job on the bundled example, as `pnpm example` runs it: validate,
// explain, render and plan examples/platform with the built CLI, exactly as a
// user would type the commands. The clock is pinned (--now) because the
// example's temporary grant has a fixed expiry: without the pin it would fail
// validation once that date passes, as a real expired grant should.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const NOW = '2026-12-04T12:00:00Z';
const catalogue = 'examples/platform/aoa-iam.yaml';

const steps = [
  ['validate the catalogue', ['validate', catalogue, '--now', NOW]],
  ['explain who can do what', ['explain', catalogue, '--now', NOW]],
  [
    'render payments-api for production (ServiceAccounts get their role ARN)',
    [
      'render',
      '--catalogue',
      catalogue,
      '--environment',
      'production',
      '--app',
      'payments-api',
      '--now',
      NOW,
      'examples/platform/apps/payments-api',
    ],
  ],
  [
    'plan the change against main (offline, no AWS)',
    [
      'plan',
      '--catalogue',
      catalogue,
      '--base',
      'examples/platform/aoa-iam.base.yaml',
      '--now',
      NOW,
    ],
  ],
];

let failed = 0;
for (const [title, args] of steps) {
  process.stdout.write(`\n\x1b[1m== ${title}\x1b[0m\n$ aoa-iam ${args.join(' ')}\n\n`);
  const result = spawnSync(process.execPath, ['packages/cli/dist/bin.js', ...args], {
    cwd: root,
    stdio: 'inherit',
  });
  // plan exits 1 when there are changes: that is its answer here, not a failure.
  const acceptable = args[0] === 'plan' ? [0, 1] : [0];
  if (!acceptable.includes(result.status ?? -1)) {
    failed += 1;
    process.stdout.write(`\n(aoa-iam ${args[0]} exited ${result.status})\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
