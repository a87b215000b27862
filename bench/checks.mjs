// Benchmark: validate with every check (least privilege, escalation, isolation,
// ceilings, expiry, boundaries, napkin budget) on a generated catalogue of
// 1,000 apps × 3 environments × 3 identities (9,000 roles), and the review
// (`validate --base`) of two such catalogues. Each measurement runs in a fresh
// Node process. The baseline, measured in the same run, is load + compile alone:
// the ratio shows what the checks add on top.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCatalogue } from './generate-catalogue.mjs';

const TARGET_VALIDATE_SECONDS = 5;
const TARGET_VALIDATE_MEGABYTES = 500;
const TARGET_DIFF_SECONDS = 8;
const RUNS = 3;

const NESTED_PARENTS = 10;
const NESTED_APPS = 10;

/**
 * Turns the first NESTED_PARENTS apps into parents with a nested catalogue of
 * NESTED_APPS apps each (3 identities, within what the parent holds), so the
 * ceiling check (invariant 2) runs on 900 of the 9,000 roles.
 */
function addNestedCatalogues(file) {
  let text = readFileSync(file, 'utf8');
  for (let parent = 0; parent < NESTED_PARENTS; parent++) {
    const name = `service-${String(parent).padStart(4, '0')}`;
    const nested = `nested/${name}.yaml`;
    text = text.replace(
      `  ${name}:\n    namespace:`,
      `  ${name}:\n    catalogue: ${nested}\n    namespace:`,
    );
    const apps = Array.from({ length: NESTED_APPS }, (_, index) => {
      const child = `${name}-child-${index}`;
      return [
        `  ${child}:`,
        `    namespace: ${child}`,
        '    identities:',
        `      reader: {serviceAccount: ${child}-reader}`,
        `      writer: {serviceAccount: ${child}-writer}`,
        `      release: {github: {repository: example-org/${child}, environment: "\${env}"}}`,
        '    grants:',
        ...['dev', 'staging', 'production'].map(
          (env) =>
            `      ${env}: {reader: [read-metrics], writer: [read-metrics], release: [read-metrics]}`,
        ),
      ].join('\n');
    });
    mkdirSync(path.join(path.dirname(file), 'nested'), { recursive: true });
    writeFileSync(
      path.join(path.dirname(file), nested),
      `version: aoa-iam/v1
parent: ${name}
capabilities:
  read-metrics:
    policy:
      Version: 2012-10-17
      Statement:
        - {Effect: Allow, Action: [cloudwatch:GetMetricData], Resource: "*"}
apps:
${apps.join('\n')}
`,
    );
  }
  writeFileSync(file, text);
}

const directory = mkdtempSync(path.join(tmpdir(), 'aoa-iam-bench-checks-'));
const base = generateCatalogue(path.join(directory, 'base'), 1000 - NESTED_PARENTS * NESTED_APPS);
addNestedCatalogues(base);
// The head widens one capability every worker holds: 3,000 roles gain an action.
const head = path.join(directory, 'base', 'head.yaml');
writeFileSync(
  head,
  readFileSync(base, 'utf8').replace(
    '[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]',
    '[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes, sqs:SendMessage]',
  ),
);
const worker = new URL('./checks-worker.mjs', import.meta.url).pathname;

function measure(...args) {
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    samples.push(
      JSON.parse(execFileSync(process.execPath, [worker, ...args], { encoding: 'utf8' })),
    );
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  return samples[Math.floor(RUNS / 2)];
}

const megabytes = (bytes) => bytes / 1024 / 1024;
const baseline = measure('load-compile', base);
const validate = measure('validate', base);
const diff = measure('diff', head, base);

const line = (label, sample, extra = '') =>
  console.log(
    `${label.padEnd(28)} ${sample.seconds.toFixed(3)} s  peak ${megabytes(sample.maxRssBytes).toFixed(0)} MB${extra}`,
  );
console.log(`catalogue: ${base} (${validate.roles} roles), median of ${RUNS} runs each`);
line('baseline  load + compile', baseline);
line('validate  all checks', validate, `  (${validate.findings} findings)`);
line(
  'review    base vs head',
  diff,
  `  (${diff.changed} changed roles, ${diff.increases} increases)`,
);
console.log(
  `ratio     validate / baseline ${(validate.seconds / baseline.seconds).toFixed(2)}×; review / baseline ${(diff.seconds / baseline.seconds).toFixed(2)}×`,
);
const checks = [
  [`validate ≤ ${TARGET_VALIDATE_SECONDS} s`, validate.seconds / TARGET_VALIDATE_SECONDS],
  [
    `validate ≤ ${TARGET_VALIDATE_MEGABYTES} MB`,
    megabytes(validate.maxRssBytes) / TARGET_VALIDATE_MEGABYTES,
  ],
  [`review ≤ ${TARGET_DIFF_SECONDS} s`, diff.seconds / TARGET_DIFF_SECONDS],
];
for (const [target, ratio] of checks) {
  console.log(
    `target    ${target}: ${(ratio * 100).toFixed(0)} % of the target, ${ratio <= 1 ? 'met' : 'MISSED'}`,
  );
}
if (checks.some(([, ratio]) => ratio > 1)) process.exitCode = 1;
