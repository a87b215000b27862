#!/usr/bin/env node
// Fails when any production dependency of any workspace package, direct or
// transitive, carries a licence outside the permissive set. The actions and the
// plugin are bundled, so a copyleft licence anywhere in the tree would ship.
import { execFileSync } from 'node:child_process';

const PERMISSIVE = new Set([
  'MIT',
  'MIT-0',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'ISC',
]);

/** True when an SPDX expression is satisfied by permissive licences only. */
function isPermissive(expression) {
  const cleaned = expression.replace(/[()]/g, ' ').trim();
  if (/\sOR\s/.test(cleaned)) return cleaned.split(/\s+OR\s+/).some(isPermissive);
  if (/\sAND\s/.test(cleaned)) return cleaned.split(/\s+AND\s+/).every(isPermissive);
  return PERMISSIVE.has(cleaned);
}

const output = execFileSync('pnpm', ['licenses', 'list', '--prod', '--recursive', '--json'], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const byLicence = JSON.parse(output);
const refused = [];
let count = 0;
for (const [licence, packages] of Object.entries(byLicence)) {
  for (const entry of packages) {
    count += 1;
    if (!isPermissive(licence))
      refused.push(`${entry.name}@${entry.versions.join(',')}: ${licence}`);
  }
}
if (refused.length > 0) {
  console.error(
    `Licence check failed: ${refused.length} production dependencies are not MIT, Apache-2.0, BSD or ISC:`,
  );
  for (const line of refused) console.error(`  ${line}`);
  console.error('Replace them with permissively licensed packages.');
  process.exit(1);
}
console.log(`Licence check passed: ${count} production dependencies, all permissive.`);
