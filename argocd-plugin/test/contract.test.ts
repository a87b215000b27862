import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  canIsolateNetwork,
  copyRepository,
  hasHelm,
  hasKustomize,
  parameters,
  runPlugin,
} from './run-plugin.js';

// Each point of issue 3's contract with Argo CD, through the bundle as the
// sidecar runs it.
const PAYMENTS = 'examples/platform/apps/payments-api';
const STAGING_API = 'arn:aws:iam::111111111111:role/aoa-iam/platform/payments-api-staging-api';
const STAGING = { ARGOCD_ENV_AOA_IAM_ENVIRONMENT: 'staging' };

function kinds(stream: string): string[] {
  const documents = parseAllDocuments(stream);
  if (!Array.isArray(documents)) return [];
  return documents.map((document) => String(document.get('kind')));
}

if (!hasKustomize()) {
  console.warn(
    'skipping the kustomize overlay and renderer-failure tests: neither kustomize nor kubectl is on PATH',
  );
}
if (!canIsolateNetwork()) {
  console.warn('skipping the no-network test: unshare -n cannot make a network namespace here');
}

describe('settings', () => {
  it('reads ARGOCD_ENV_AOA_IAM_ENVIRONMENT in exact case', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, STAGING);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`eks.amazonaws.com/role-arn: ${STAGING_API}\n`);
    expect(run.stderr).toBe('');
  });

  it('does not take a differently cased variable for the setting, and says so', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, {
      ARGOCD_ENV_aoa_iam_environment: 'staging',
    });

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'aoa-iam: warning: ARGOCD_ENV_aoa_iam_environment is not read: setting names are case-sensitive, use AOA_IAM_ENVIRONMENT\n' +
        'aoa-iam: setting environment is required for app payments-api: add a "environment" parameter or AOA_IAM_ENVIRONMENT to spec.source.plugin.env\n',
    );
  });

  it('reads ARGOCD_APP_PARAMETERS, which wins over the env variable', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, {
      ARGOCD_ENV_AOA_IAM_ENVIRONMENT: 'staging',
      ARGOCD_APP_PARAMETERS: parameters({ environment: 'production' }),
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('role/aoa-iam/platform/payments-api-production-api\n');
  });

  it.each([
    ['missing', undefined],
    ['null', 'null'],
    ['[]', '[]'],
  ])('treats ARGOCD_APP_PARAMETERS %s as no parameters', (_label, value) => {
    const run = runPlugin(copyRepository(), PAYMENTS, { ...STAGING, ARGOCD_APP_PARAMETERS: value });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(STAGING_API);
  });

  it('refuses ARGOCD_APP_PARAMETERS that is not JSON, naming it and the app', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, { ...STAGING, ARGOCD_APP_PARAMETERS: '[{' });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^aoa-iam: ARGOCD_APP_PARAMETERS of app payments-api is not JSON \(/,
    );
  });

  it('names the missing setting and the app when the environment is not given', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, {});

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'aoa-iam: setting environment is required for app payments-api: add a "environment" parameter or AOA_IAM_ENVIRONMENT to spec.source.plugin.env\n',
    );
  });

  it('applies announced defaults itself: mode auto stamps children and annotates service accounts', () => {
    const run = runPlugin(copyRepository(), 'examples/platform/apps/observability/applications', {
      ...STAGING,
      ARGOCD_APP_NAME: 'observability',
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('    plugin:\n      name: aoa-iam-v1\n');
    expect(run.stdout).toContain(
      'eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/aoa-iam/platform/observability-staging-collector',
    );
  });

  it('keeps a value with =, spaces and a newline intact', () => {
    const audience = 'sts.amazonaws.com=a b\nsecond line';

    const run = runPlugin(copyRepository(), PAYMENTS, {
      ...STAGING,
      ARGOCD_ENV_AOA_IAM_AUDIENCE: audience,
    });

    expect(run.status).toBe(0);
    const serviceAccount = parseAllDocuments(run.stdout) as unknown as Array<{ toJS(): unknown }>;
    const annotations = serviceAccount
      .map(
        (document) =>
          document.toJS() as { kind: string; metadata: { annotations?: Record<string, string> } },
      )
      .find((object) => object.kind === 'ServiceAccount')!.metadata.annotations!;
    expect(annotations['eks.amazonaws.com/audience']).toBe(audience);
  });
});

describe('Argo CD app variables', () => {
  it('matches a ServiceAccount without namespace by ARGOCD_APP_NAMESPACE, the destination', () => {
    const root = copyRepository({
      'examples/platform/apps/bare/serviceaccount.yaml':
        'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: payments-api\n',
    });
    const env = { ...STAGING, ARGOCD_APP_NAME: 'payments-api' };

    const withDestination = runPlugin(root, 'examples/platform/apps/bare', {
      ...env,
      ARGOCD_APP_NAMESPACE: 'payments',
    });
    const elsewhere = runPlugin(root, 'examples/platform/apps/bare', {
      ...env,
      ARGOCD_APP_NAMESPACE: 'default',
    });

    expect(withDestination.stdout).toBe(
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: payments-api\n  annotations:\n    eks.amazonaws.com/role-arn: ${STAGING_API}\n`,
    );
    expect(elsewhere.stdout).not.toContain('role-arn');
    expect(elsewhere.stderr).toContain('system:serviceaccount:payments:payments-api is granted');
  });

  it('names the repository and revision in the debug line', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, {
      ...STAGING,
      ARGOCD_ENV_AOA_IAM_DEBUG: 'true',
    });

    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      'aoa-iam: app payments-api in staging from https://github.com/example-org/platform.git@5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ff with examples/platform/aoa-iam.yaml: 3 documents, 1 parsed, 1 changed, 0 empty dropped\n',
    );
  });
});

describe('the catalogue', () => {
  it('is found by walking up from the app folder', () => {
    const run = runPlugin(copyRepository(), 'examples/platform/apps/observability/grafana', {
      ...STAGING,
      ARGOCD_APP_NAME: 'grafana',
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('role/aoa-iam/platform/grafana-staging-server\n');
  });

  it('is taken from the catalogue parameter, relative to the repository root', () => {
    const root = copyRepository();
    const run = runPlugin(root, PAYMENTS, {
      ...STAGING,
      ARGOCD_APP_PARAMETERS: parameters({ catalogue: 'examples/platform/aoa-iam.yaml' }),
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toContain(STAGING_API);
  });

  it('refuses a catalogue parameter with ..', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, {
      ...STAGING,
      ARGOCD_APP_PARAMETERS: parameters({ catalogue: 'examples/../../aoa-iam.yaml' }),
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'aoa-iam: catalogue path "examples/../../aoa-iam.yaml" contains "..": name it from the repository root\n',
    );
  });

  it('refuses a catalogue symlink that leads outside the repository', () => {
    const outside = copyRepository();
    const root = copyRepository();
    symlinkSync(
      path.join(outside, 'examples/platform/aoa-iam.yaml'),
      path.join(root, 'linked.yaml'),
    );

    const run = runPlugin(root, PAYMENTS, {
      ...STAGING,
      ARGOCD_APP_PARAMETERS: parameters({ catalogue: 'linked.yaml' }),
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^aoa-iam: catalogue "linked\.yaml" leads outside the repository \(to .*\)\n$/,
    );
  });

  it('never looks above the repository root', () => {
    const outer = copyRepository();
    // The repository is examples/platform/apps of the outer copy; its catalogue lies above it.
    const run = runPlugin(path.join(outer, 'examples/platform/apps'), 'payments-api', {
      ...STAGING,
      ARGOCD_APP_NAME: 'payments-api',
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^aoa-iam: no aoa-iam\.yaml with environments found from .* up to the repository root\n$/,
    );
  });
});

describe('input and output', () => {
  it('writes only Kubernetes objects on stdout and nothing on stderr', () => {
    const run = runPlugin(copyRepository(), PAYMENTS, STAGING);

    expect(kinds(run.stdout)).toEqual(['Deployment', 'Service', 'ServiceAccount']);
    expect(run.stderr).toBe('');
  });

  it('fails on an app folder with no objects, unless an empty render is allowed', () => {
    const root = copyRepository({ 'examples/platform/apps/empty/README.yaml': '# nothing here\n' });
    const env = { ...STAGING, ARGOCD_APP_NAME: 'payments-api' };

    const refused = runPlugin(root, 'examples/platform/apps/empty', env);
    const allowed = runPlugin(root, 'examples/platform/apps/empty', {
      ...env,
      ARGOCD_APP_PARAMETERS: parameters({ 'allow-empty': 'true' }),
    });

    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      'error: README.yaml holds no Kubernetes objects; an empty render makes Argo CD delete every object of app payments-api',
    );
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toBe('');
  });

  it('writes byte-identical output on every run', () => {
    const root = copyRepository();
    const first = runPlugin(root, 'examples/platform/applications', {
      ...STAGING,
      ARGOCD_APP_NAME: 'platform',
    });
    const second = runPlugin(root, 'examples/platform/applications', {
      ...STAGING,
      ARGOCD_APP_NAME: 'platform',
    });

    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it.skipIf(!canIsolateNetwork())('renders the parent with no network at all', () => {
    const root = copyRepository();
    const env = { ...STAGING, ARGOCD_APP_NAME: 'platform' };

    const isolated = runPlugin(root, 'examples/platform/applications', env, undefined, [
      'unshare',
      '-n',
    ]);
    const connected = runPlugin(root, 'examples/platform/applications', env);

    expect(isolated.status, isolated.stderr).toBe(0);
    expect(isolated.stdout).toBe(connected.stdout);
  });

  it('keeps stderr to one line without a stack trace, and shows the stack only with debug', () => {
    const root = copyRepository({
      'examples/platform/apps/broken/kustomization.yaml': 'resources: [missing.yaml]\n',
    });
    const env = { ...STAGING, ARGOCD_APP_NAME: 'payments-api' };

    const quiet = runPlugin(root, 'examples/platform/apps/broken', {
      ...env,
      ARGOCD_APP_PARAMETERS: parameters({ renderer: 'helm' }),
    });
    const debug = runPlugin(root, 'examples/platform/apps/broken', {
      ...env,
      ARGOCD_APP_PARAMETERS: parameters({ renderer: 'helm', debug: 'true' }),
    });

    expect(quiet.status).toBe(1);
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('renderers', () => {
  it.skipIf(!hasKustomize())(
    'builds a kustomize overlay and annotates by the kustomization namespace',
    () => {
      const run = runPlugin(
        copyRepository(),
        'examples/platform/apps/checkout-web/overlays/staging',
        {
          ...STAGING,
          ARGOCD_APP_NAME: 'checkout-web',
        },
      );

      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(
        /name: checkout-web\n {2}namespace: checkout\n {2}annotations:\n {4}eks\.amazonaws\.com\/role-arn: arn:aws:iam::111111111111:role\/aoa-iam\/platform\/checkout-web-staging-web\n/,
      );
    },
  );

  it.skipIf(!hasKustomize())(
    'builds overlays/<environment> when the app folder is neither a kustomization nor a chart',
    () => {
      const production = runPlugin(copyRepository(), 'examples/platform/apps/checkout-web', {
        ARGOCD_APP_NAME: 'checkout-web',
        ARGOCD_ENV_AOA_IAM_ENVIRONMENT: 'production',
        ARGOCD_ENV_AOA_IAM_DEBUG: 'true',
      });

      expect(production.status).toBe(0);
      expect(production.stdout).toContain('  replicas: 4\n');
      expect(production.stdout).toContain(
        'eks.amazonaws.com/role-arn: arn:aws:iam::222222222222:role/aoa-iam/platform/checkout-web-production-web\n',
      );
      expect(production.stderr).toMatch(
        / via (kubectl kustomize|kustomize build) overlays\/production: /,
      );
    },
  );

  it.skipIf(!hasKustomize())(
    'fails with the renderer exit status and masks a token it printed',
    () => {
      const token = `ghp_${'a1B2'.repeat(9)}`;
      const root = copyRepository({
        'examples/platform/apps/broken/kustomization.yaml': `resources: [${token}.yaml]\n`,
      });

      const run = runPlugin(root, 'examples/platform/apps/broken', {
        ...STAGING,
        ARGOCD_APP_NAME: 'payments-api',
      });

      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^aoa-iam: (kubectl kustomize|kustomize build) \. exited with status 1: /,
      );
      expect(run.stderr).not.toContain(token);
    },
  );

  it.skipIf(!hasHelm())(
    'renders a helm chart with the values files named in the parameters',
    () => {
      const root = copyRepository({
        'examples/platform/apps/chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
        'examples/platform/apps/chart/values-staging.yaml': 'serviceAccount: payments-api\n',
        'examples/platform/apps/chart/templates/sa.yaml':
          'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.serviceAccount }}\n  namespace: payments\n',
      });

      const run = runPlugin(root, 'examples/platform/apps/chart', {
        ...STAGING,
        ARGOCD_APP_NAME: 'payments-api',
        ARGOCD_APP_PARAMETERS: parameters({ 'values-files': ['values-staging.yaml'] }),
      });

      expect(run.status).toBe(0);
      expect(run.stdout).toContain(STAGING_API);
    },
  );

  it('spawns helm template directly with the values files in order, and checks its exit status', () => {
    // A stand-in helm that prints the arguments it was given, or fails like helm does.
    const fakeHelm = `#!${process.execPath}
const args = process.argv.slice(2);
if (process.env.HELM_FAKE_FAIL) { process.stderr.write('Error: values-broken.yaml: bad indentation\\n'); process.exit(3); }
process.stdout.write('---\\n# Source: chart/templates/sa.yaml\\napiVersion: v1\\nkind: ServiceAccount\\nmetadata:\\n  name: payments-api\\n  namespace: payments\\n  labels:\\n    args: ' + JSON.stringify(args.join(' ')) + '\\n    argocd-env: ' + JSON.stringify(Object.keys(process.env).filter((key) => key.startsWith('ARGOCD')).join(',')) + '\\n');
`;
    const root = copyRepository({
      'bin/helm': fakeHelm,
      'examples/platform/apps/chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    });
    chmodSync(path.join(root, 'bin/helm'), 0o755);
    const env = {
      ...STAGING,
      ARGOCD_APP_NAME: 'payments-api',
      ARGOCD_APP_NAMESPACE: 'payments',
      PATH: `${path.join(root, 'bin')}:${process.env.PATH}`,
      ARGOCD_APP_PARAMETERS: parameters({
        'values-files': ['values-staging.yaml', 'values $(id).yaml'],
      }),
    };

    const run = runPlugin(root, 'examples/platform/apps/chart', env);
    const failed = runPlugin(root, 'examples/platform/apps/chart', { ...env, HELM_FAKE_FAIL: '1' });
    const fromEnv = runPlugin(root, 'examples/platform/apps/chart', {
      ...env,
      ARGOCD_APP_PARAMETERS: undefined,
      ARGOCD_ENV_AOA_IAM_VALUES_FILES: 'values-a.yaml\nvalues-b.yaml, values-c.yaml',
    });

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'args: "template payments-api . --namespace payments --values values-staging.yaml --values values $(id).yaml"\n',
    );
    // The sidecar's settings and Argo CD's variables stay with the plugin.
    expect(run.stdout).toContain('    argocd-env: ""\n');
    expect(run.stdout).toContain(`eks.amazonaws.com/role-arn: ${STAGING_API}\n`);
    expect(fromEnv.stdout).toContain(
      'args: "template payments-api . --namespace payments --values values-a.yaml --values values-b.yaml --values values-c.yaml"\n',
    );
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toBe(
      'aoa-iam: helm template payments-api . --namespace payments --values values-staging.yaml --values values $(id).yaml exited with status 3: Error: values-broken.yaml: bad indentation\n',
    );
  });

  it('says plainly when helm is missing', () => {
    if (hasHelm()) console.warn('helm is installed: the helm chart test ran instead');
    else console.warn('skipping the helm chart test: helm is not on PATH');
    const root = copyRepository({
      'examples/platform/apps/chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
    });

    const run = runPlugin(root, 'examples/platform/apps/chart', {
      ...STAGING,
      ARGOCD_APP_NAME: 'payments-api',
    });

    if (!hasHelm()) {
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/holds a Helm chart, but helm is not on PATH\n$/);
    }
  });
});

describe('parent mode', () => {
  it('stamps every child with the plugin and lists its granted roles', () => {
    const run = runPlugin(copyRepository(), 'examples/platform/applications', {
      ...STAGING,
      ARGOCD_APP_NAME: 'platform',
    });

    expect(run.status).toBe(0);
    expect(
      run.stdout.match(
        / {4}plugin:\n {6}name: aoa-iam-v1\n {6}parameters:\n {8}- name: environment\n {10}string: staging\n/g,
      ),
    ).toHaveLength(4);
    expect(run.stdout).toContain(
      'aoa-iam.io/granted-roles: arn:aws:iam::111111111111:role/aoa-iam/platform/payments-api-staging-api,arn:aws:iam::111111111111:role/aoa-iam/platform/payments-api-staging-release\n',
    );
  });

  it('refuses a child the catalogue does not know, or passes it through when told to', () => {
    const stray = readFileSync(
      `${copyRepository()}/examples/platform/applications/fraud-worker.yaml`,
      'utf8',
    ).replace('name: fraud-worker', 'name: billing');
    const root = copyRepository({ 'examples/platform/applications/billing.yaml': stray });
    const env = { ...STAGING, ARGOCD_APP_NAME: 'platform' };

    const refused = runPlugin(root, 'examples/platform/applications', env);
    const passed = runPlugin(root, 'examples/platform/applications', {
      ...env,
      ARGOCD_APP_PARAMETERS: parameters({ 'unknown-children': 'pass' }),
    });

    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'billing.yaml:7:9: document 1 of billing.yaml (Application argocd/billing): app "billing" is not in ../aoa-iam.yaml',
    );
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain(stray);
  });

  it('refuses a child that declares another source type beside the plugin, with the fix', () => {
    const root = copyRepository();
    const file = path.join(root, 'examples/platform/applications/payments-api.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '    path: examples/platform/apps/payments-api\n',
        '    path: examples/platform/apps/payments-api\n    helm:\n      releaseName: payments\n',
      ),
    );

    const run = runPlugin(root, 'examples/platform/applications', {
      ...STAGING,
      ARGOCD_APP_NAME: 'platform',
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'spec.source.helm is set beside the aoa-iam plugin; Argo CD allows one source type',
    );
    expect(run.stderr).toContain('fix: Remove spec.source.helm');
  });
});

describe('invariant 3 through the plugin', () => {
  it('refuses a ServiceAccount that names a production role in staging, naming file, object and role', () => {
    const root = copyRepository();
    mkdirSync(path.join(root, 'examples/platform/apps/payments-api'), { recursive: true });
    const file = path.join(root, 'examples/platform/apps/payments-api/serviceaccount.yaml');
    const production =
      'arn:aws:iam::222222222222:role/aoa-iam/platform/payments-api-production-api';
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(
          'automountServiceAccountToken',
          `  annotations:\n    eks.amazonaws.com/role-arn: ${production}\nautomountServiceAccountToken`,
        )
        .replace('  labels:', '  labels:'),
    );

    const run = runPlugin(root, PAYMENTS, STAGING);

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('serviceaccount.yaml:');
    expect(run.stderr).toContain('(ServiceAccount payments/payments-api)');
    expect(run.stderr).toContain(
      `names role ${production}, which is not granted to app payments-api, environment staging`,
    );
  });
});
