// Runs every `bench:*` script of the root package.json, one after another,
// so `pnpm bench` prints all figures; exits non-zero if any target was missed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = Object.keys(
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts,
)
  .filter((name) => name.startsWith('bench:'))
  .sort();
let failed = 0;
for (const name of scripts) {
  console.log(`\n== ${name}`);
  const result = spawnSync('pnpm', ['run', '--silent', name], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${scripts.length - failed} of ${scripts.length} benchmarks met their targets.`);
process.exitCode = failed > 0 ? 1 : 0;
