// Benchmark of `aoa-iam render` on a generated stream of 10,000 manifests
// (about 20 MB, one in five a ServiceAccount), against, in the same run:
//  - kubectl annotate --local: the tool a user would otherwise script. Each
//    ServiceAccount needs its own role ARN, so a script calls it once per
//    ServiceAccount; a sample of those calls is timed and scaled to all of
//    them. One call annotating every ServiceAccount with one ARN is printed
//    too, as kubectl's lower bound.
//  - the yaml package's comment-preserving parse and stringify of the same
//    stream: the floor a naive rewriter pays.
// Also: peak memory against the input size (the render's own: peak RSS over
// a run that loads and compiles the same catalogue and reads the same input,
// then stops; the whole process's is printed beside it), and the example's cold render
// through the plugin bundle as Argo CD runs it. Exits 1 when a target is missed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateRenderInput } from './generate-manifests.mjs';

const TARGET_KUBECTL_RATIO = 10;
const TARGET_MEMORY_RATIO = 3;
const TARGET_COLD_MS = 300;
const KUBECTL_SAMPLE = 40;
const ROOT = path.resolve(import.meta.dirname, '..');
const worker = path.join(import.meta.dirname, 'render-worker.mjs');

const directory = mkdtempSync(path.join(tmpdir(), 'aoa-iam-bench-render-'));
const input = generateRenderInput(directory);
const inputBytes = statSync(input.manifests).size;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function measure(mode) {
  const output = execFileSync(process.execPath, [worker, mode, input.manifests, input.catalogue], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(output);
}

console.log(
  `input: ${input.manifests} (${mb(inputBytes)}, 10,000 documents, ${input.serviceAccounts.length} ServiceAccounts)`,
);
const prepared = measure('prepared');
const render = measure('aoa-iam');
const engine = measure('engine');
const roundTrip = measure('yaml-roundtrip');
const kubectl = measureKubectl();

console.log(
  `aoa-iam render            ${render.seconds.toFixed(3)} s  peak ${mb(render.maxRssBytes)}`,
);
console.log(
  `  render engine alone    ${engine.engineSeconds.toFixed(3)} s  (after start-up, catalogue and input read)`,
);
console.log(
  `yaml parse+stringify      ${roundTrip.seconds.toFixed(3)} s  peak ${mb(roundTrip.maxRssBytes)}`,
);
if (kubectl) {
  console.log(
    `kubectl annotate, 1 call per ServiceAccount  ${kubectl.perServiceAccount.toFixed(1)} s ` +
      `(${KUBECTL_SAMPLE} calls timed: ${kubectl.sampleSeconds.toFixed(2)} s, scaled to ${input.serviceAccounts.length})`,
  );
  console.log(
    `kubectl annotate, 1 call for all, 1 ARN      ${kubectl.singleCall.toFixed(3)} s (lower bound, not the same annotations)`,
  );
} else console.log('kubectl: not on PATH, skipped');

const results = [];
const ratio = (name, value, target, ok) => {
  results.push(ok);
  console.log(`${ok ? 'ok  ' : 'MISS'} ${name}: ${value} (target ${target})`);
};
console.log('');
if (kubectl) {
  const speedup = kubectl.perServiceAccount / render.seconds;
  ratio(
    'kubectl per ServiceAccount / aoa-iam',
    `${speedup.toFixed(1)}x`,
    `>= ${TARGET_KUBECTL_RATIO}x`,
    speedup >= TARGET_KUBECTL_RATIO,
  );
  console.log(
    `     kubectl single call / aoa-iam: ${(kubectl.singleCall / render.seconds).toFixed(2)}x (for reference)`,
  );
}
const floor = roundTrip.seconds / render.seconds;
ratio('yaml round trip / aoa-iam', `${floor.toFixed(1)}x`, '>= 1x', floor >= 1);
const memory = (render.maxRssBytes - prepared.maxRssBytes) / inputBytes;
ratio(
  "render's peak memory / input size",
  `${memory.toFixed(2)}x (${mb(render.maxRssBytes)} peak, ${mb(prepared.maxRssBytes)} before rendering)`,
  `< ${TARGET_MEMORY_RATIO}x`,
  memory < TARGET_MEMORY_RATIO,
);
console.log(
  `     whole-process peak / input size: ${(render.maxRssBytes / inputBytes).toFixed(2)}x`,
);
const certManager = measureCertManager();
if (certManager) {
  ratio(
    'cert-manager install (17,161 lines, corpus): the render engine',
    `${(certManager.engineSeconds * 1000).toFixed(0)} ms (whole command ${(certManager.command.seconds * 1000).toFixed(0)} ms)`,
    `< ${TARGET_COLD_MS} ms`,
    certManager.engineSeconds * 1000 < TARGET_COLD_MS,
  );
} else console.log('     cert-manager install: ../shared/corpus is not there, skipped');
const cold = coldRender();
ratio(
  'example cold render (payments-api, plugin bundle, new process)',
  `${cold.first.toFixed(0)} ms (median of 5: ${cold.median.toFixed(0)} ms)`,
  `< ${TARGET_COLD_MS} ms`,
  cold.first < TARGET_COLD_MS,
);
process.exitCode = results.every(Boolean) ? 0 : 1;

function measureKubectl() {
  if (spawnSync('kubectl', ['version', '--client']).error) return undefined;
  const documents = readFileSync(input.serviceAccountsOnly, 'utf8').split(/^---\n/m);
  const sampleFile = path.join(directory, 'one.yaml');
  let sampleSeconds = 0;
  for (let index = 0; index < KUBECTL_SAMPLE; index++) {
    writeFileSync(sampleFile, documents[index]);
    const started = performance.now();
    const arn = `eks.amazonaws.com/role-arn=arn:aws:iam::111111111111:role/aoa-iam/bench-platform/bench-staging-sa-${index}`;
    const result = spawnSync('kubectl', ['annotate', '--local', '-f', '-', '-o', 'yaml', arn], {
      input: documents[index],
      encoding: 'utf8',
    });
    sampleSeconds += (performance.now() - started) / 1000;
    if (result.status !== 0) throw new Error(`kubectl annotate failed: ${result.stderr}`);
  }
  const started = performance.now();
  const all = spawnSync(
    'kubectl',
    [
      'annotate',
      '--local',
      '-f',
      '-',
      '-o',
      'yaml',
      'eks.amazonaws.com/role-arn=arn:aws:iam::111111111111:role/x',
    ],
    { input: readFileSync(input.serviceAccountsOnly), maxBuffer: 256 * 1024 * 1024 },
  );
  const singleCall = (performance.now() - started) / 1000;
  if (all.status !== 0) throw new Error(`kubectl annotate failed: ${all.stderr}`);
  return {
    sampleSeconds,
    perServiceAccount: (sampleSeconds / KUBECTL_SAMPLE) * input.serviceAccounts.length,
    singleCall,
  };
}

function measureCertManager() {
  const file = path.join(
    ROOT,
    '../shared/corpus/manifests/aws-load-balancer-controller/test/prow/cert_manager.yaml',
  );
  if (!existsSync(file)) return undefined;
  const catalogue = path.join(ROOT, 'examples/eks-addons/aoa-iam.yaml');
  const run = (mode) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [worker, mode, file, catalogue, 'aws-load-balancer-controller', 'dev'],
        { encoding: 'utf8' },
      ),
    );
  return { engineSeconds: run('engine').engineSeconds, command: run('aoa-iam') };
}

function coldRender() {
  const samples = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [path.join(ROOT, 'argocd-plugin/dist/index.js')], {
      cwd: path.join(ROOT, 'examples/platform/apps/payments-api'),
      env: {
        PATH: process.env.PATH,
        ARGOCD_APP_NAME: 'payments-api',
        ARGOCD_APP_SOURCE_PATH: 'examples/platform/apps/payments-api',
        ARGOCD_ENV_AOA_IAM_ENVIRONMENT: 'staging',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    samples.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`the plugin failed: ${result.stderr}`);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { first: samples[0], median: sorted[2] };
}
