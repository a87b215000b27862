// One measurement of bench/catalogue.mjs, in its own process. Prints JSON.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { compileCatalogue, loadCatalogue } from '../packages/core/dist/index.js';

const [mode, file] = process.argv.slice(2);
const started = performance.now();
let roles = 0;
if (mode === 'yaml-parse') {
  parse(readFileSync(file, 'utf8'), { version: '1.2', schema: 'core' });
} else {
  const loaded = await loadCatalogue(file);
  if (!loaded.catalogue)
    throw new Error(`bench catalogue did not load: ${loaded.findings[0]?.message}`);
  roles = compileCatalogue(loaded.catalogue, { now: new Date() }).roles.length;
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, roles, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
