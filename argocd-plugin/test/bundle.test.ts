import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE, copyRepository, REPO_ROOT, runPlugin } from './run-plugin.js';

// The image ships argocd-plugin/dist as committed; these tests keep that file
// honest: built from the sources, and runnable on its own.
const PLUGIN = path.join(REPO_ROOT, 'argocd-plugin');

describe('the committed bundle', () => {
  it('equals a fresh ncc build of the sources', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'aoa-iam-ncc-'));
    const ncc = path.join(PLUGIN, 'node_modules/@vercel/ncc/dist/ncc/cli.js');

    const build = spawnSync(
      process.execPath,
      [
        ncc,
        'build',
        'lib/main.js',
        '-o',
        out,
        '--no-source-map-register',
        '--license',
        'licenses.txt',
      ],
      { cwd: PLUGIN, encoding: 'utf8' },
    );

    expect(build.status, build.stderr).toBe(0);
    for (const file of ['index.js', 'package.json', 'licenses.txt']) {
      const fresh = readFileSync(path.join(out, file), 'utf8');
      const committed = readFileSync(path.join(PLUGIN, 'dist', file), 'utf8');
      expect(
        fresh === committed,
        `dist/${file} is stale: run "pnpm --filter @aoa-iam/argocd-plugin bundle"`,
      ).toBe(true);
    }
  });

  it('runs as an ES module with node alone, away from node_modules', () => {
    const alone = mkdtempSync(path.join(tmpdir(), 'aoa-iam-dist-'));
    copyFileSync(BUNDLE, path.join(alone, 'index.js'));
    copyFileSync(path.join(PLUGIN, 'dist/package.json'), path.join(alone, 'package.json'));

    const run = runPlugin(
      copyRepository(),
      'examples/platform/apps/payments-api',
      { ARGOCD_ENV_AOA_IAM_ENVIRONMENT: 'production' },
      path.join(alone, 'index.js'),
    );

    expect(JSON.parse(readFileSync(path.join(alone, 'package.json'), 'utf8'))).toEqual({
      type: 'module',
    });
    expect(readFileSync(BUNDLE, 'utf8')).toMatch(/^import /);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      'eks.amazonaws.com/role-arn: arn:aws:iam::222222222222:role/aoa-iam/platform/payments-api-production-api\n',
    );
  });
});
