// Fails when the freshly rebuilt actions/*/dist differ from what git has committed
// (changed, deleted or new files), naming the files and the fix. Run through
// `pnpm run check:dist`, which rebuilds every bundle first.
import { execFileSync } from 'node:child_process';

const DIST = ['actions/validate/dist', 'actions/apply/dist', 'actions/audit/dist'];
const status = execFileSync(
  'git',
  ['status', '--porcelain', '--untracked-files=all', '--', ...DIST],
  {
    encoding: 'utf8',
  },
).trim();

if (status !== '') {
  console.error(
    `The committed action bundles differ from a fresh build of the committed sources:\n${status}\n\n` +
      'Rebuild them with "pnpm run bundle:actions" on a working tree whose packages/ and actions/ ' +
      'match HEAD, then commit actions/*/dist.',
  );
  process.exit(1);
}
console.log(`Action bundles match their sources (${DIST.join(', ')}).`);
