// One measurement of bench/checks.mjs, in its own process so its peak memory
// (max RSS) is its own. Prints JSON: seconds, roles, findings or increases, maxRssBytes.
import { performance } from 'node:perf_hooks';
import {
  checkCatalogue,
  compileCatalogue,
  loadCatalogue,
  reviewChange,
} from '../packages/core/dist/index.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const [mode, file, baseFile] = process.argv.slice(2);

async function derive(path) {
  const loaded = await loadCatalogue(path);
  if (!loaded.catalogue) {
    throw new Error(`bench catalogue ${path} did not load: ${loaded.findings[0]?.message}`);
  }
  const compiled = compileCatalogue(loaded.catalogue, { now: NOW });
  return { loaded, compiled };
}

const started = performance.now();
const result = {};
if (mode === 'load-compile') {
  result.roles = (await derive(file)).compiled.roles.length;
} else if (mode === 'validate') {
  const { loaded, compiled } = await derive(file);
  const findings = checkCatalogue(loaded.catalogue, compiled.roles, { now: NOW }, [
    ...loaded.findings,
    ...compiled.findings,
  ]);
  result.roles = compiled.roles.length;
  result.findings = findings.length;
} else if (mode === 'diff') {
  const base = await derive(baseFile);
  const head = await derive(file);
  const review = reviewChange(base.compiled.roles, head.compiled.roles);
  result.roles = head.compiled.roles.length;
  result.increases = review.increases.length;
  result.changed = review.changed.length;
} else {
  throw new Error(`unknown mode ${mode}`);
}
result.seconds = (performance.now() - started) / 1000;
result.maxRssBytes = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify(result));
