// Benchmark: load + schema + references + compile of a generated catalogue of
// 1,000 apps × 3 environments × 3 identities (9,000 roles). Each measurement
// runs in a fresh Node process so peak memory (max RSS) is its own. The
// baseline, measured in the same run, is the `yaml` package parsing the same
// file to plain objects: the floor any YAML-reading tool pays.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCatalogue } from './generate-catalogue.mjs';

const TARGET_SECONDS = 3;
const TARGET_MEGABYTES = 300;
const RUNS = 3;

const directory = mkdtempSync(path.join(tmpdir(), 'aoa-iam-bench-'));
const file = generateCatalogue(directory, 1000);
const worker = new URL('./catalogue-worker.mjs', import.meta.url).pathname;

function measure(mode) {
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    samples.push(
      JSON.parse(execFileSync(process.execPath, [worker, mode, file], { encoding: 'utf8' })),
    );
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  return samples[Math.floor(RUNS / 2)];
}

const baseline = measure('yaml-parse');
const compile = measure('load-compile');
const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(0);

console.log(
  `catalogue: ${file} (${(statSync(file).size / 1024 / 1024).toFixed(2)} MB, ${compile.roles} roles)`,
);
console.log(
  `baseline  yaml parse only     ${baseline.seconds.toFixed(3)} s  peak ${megabytes(baseline.maxRssBytes)} MB`,
);
console.log(
  `aoa-iam   load + compile      ${compile.seconds.toFixed(3)} s  peak ${megabytes(compile.maxRssBytes)} MB`,
);
console.log(
  `ratio     load + compile / yaml parse: ${(compile.seconds / baseline.seconds).toFixed(2)}×`,
);
const withinTime = compile.seconds <= TARGET_SECONDS;
const withinMemory = compile.maxRssBytes / 1024 / 1024 <= TARGET_MEGABYTES;
console.log(
  `target    ≤ ${TARGET_SECONDS} s: ${withinTime ? 'met' : 'MISSED'}; ≤ ${TARGET_MEGABYTES} MB: ${withinMemory ? 'met' : 'MISSED'}`,
);
if (!withinTime || !withinMemory) process.exitCode = 1;
