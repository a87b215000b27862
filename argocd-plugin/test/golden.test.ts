import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRepository, hasKustomize, runPlugin } from './run-plugin.js';

// The plugin's whole output on the bundled example, parent and children, in
// each environment. AOA_IAM_UPDATE_GOLDEN=1 rewrites the files after a
// deliberate change; review their diff like code.
const GOLDEN = path.join(import.meta.dirname, 'golden');

const APPS: Array<[string, string, boolean]> = [
  ['platform', 'examples/platform/applications', false],
  ['payments-api', 'examples/platform/apps/payments-api', false],
  ['checkout-web', 'examples/platform/apps/checkout-web', true],
  ['fraud-worker', 'examples/platform/apps/fraud-worker', false],
  ['observability', 'examples/platform/apps/observability/applications', false],
  ['grafana', 'examples/platform/apps/observability/grafana', false],
];

if (!hasKustomize()) {
  console.warn('skipping the checkout-web golden files: neither kustomize nor kubectl is on PATH');
}

describe('golden output of the example', () => {
  const root = copyRepository();
  for (const environment of ['staging', 'production']) {
    for (const [app, appPath, needsKustomize] of APPS) {
      it.skipIf(needsKustomize && !hasKustomize())(`renders ${app} in ${environment}`, () => {
        const file = path.join(GOLDEN, `${app}.${environment}.yaml`);

        const run = runPlugin(root, appPath, {
          ARGOCD_APP_NAME: app,
          ARGOCD_ENV_AOA_IAM_ENVIRONMENT: environment,
        });

        expect(run.status, run.stderr).toBe(0);
        if (process.env.AOA_IAM_UPDATE_GOLDEN === '1') {
          writeFileSync(file, run.stdout);
        }
        expect(run.stdout).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});
