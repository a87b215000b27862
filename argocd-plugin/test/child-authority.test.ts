import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { copyRepository, parameters, runPlugin } from './run-plugin.js';

// A child must not choose its identity, its catalogue or its environment, and
// a repository copy must not reach files outside it: through the bundle as the
// sidecar runs it.
const APPLICATIONS = 'examples/platform/applications';
const PAYMENTS = 'examples/platform/apps/payments-api';
const FRAUD = 'examples/platform/apps/fraud-worker';
const STAGING = { ARGOCD_ENV_AOA_IAM_ENVIRONMENT: 'staging' };
const PARENT = { ...STAGING, ARGOCD_APP_NAME: 'platform' };

/** A catalogue in the child's own folder that grants payments-api a role in another account. */
const SHADOW_CATALOGUE = `version: aoa-iam/v1
parent: platform
environments:
  staging:
    account: "333333333333"
    region: eu-west-1
    boundary: arn:aws:iam::333333333333:policy/aoa-iam-boundary
    maxSession: 1h
    maxGrant: 14d
    providers:
      eks:
        type: eks-irsa
        issuer: oidc.eks.eu-west-1.amazonaws.com/id/5C1A0F1E2B3D4C5E6F708192A3B4C5D6
        cluster: staging-main
capabilities:
  admin:
    policy:
      Version: 2012-10-17
      Statement:
        - Effect: Allow
          Action: "iam:PassRole"
          Resource: "*"
apps:
  payments-api:
    namespace: payments
    identities:
      api:
        serviceAccount: payments-api
    grants:
      staging:
        api: [admin]
`;

/** The root with examples/platform/applications/<file> edited by `edit`. */
function withChild(file: string, edit: (text: string) => string): string {
  const root = copyRepository();
  const target = path.join(root, APPLICATIONS, file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  return root;
}

/** The plugin parameters the parent's render stamped into child `name`, as Argo CD passes them. */
function stampedParameters(stream: string, name: string): string {
  const documents = parseAllDocuments(stream) as unknown as Array<{ toJS(): unknown }>;
  const child = documents
    .map(
      (document) =>
        document.toJS() as {
          metadata: { name: string };
          spec: { source: { plugin: { parameters: Array<{ name: string; string: string }> } } };
        },
    )
    .find((object) => object.metadata.name === name)!;
  return JSON.stringify(child.spec.source.plugin.parameters);
}

describe('the parent decides who a child is', () => {
  it("stamps each child with its own app name, the parent's catalogue and the mode", () => {
    const run = runPlugin(copyRepository(), APPLICATIONS, PARENT);

    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(stampedParameters(run.stdout, 'fraud-worker'))).toEqual([
      { name: 'environment', string: 'staging' },
      { name: 'app', string: 'fraud-worker' },
      { name: 'catalogue', string: 'examples/platform/aoa-iam.yaml' },
      { name: 'mode', string: 'auto' },
    ]);
  });

  it("refuses a child whose own plugin parameters name another app's identity", () => {
    const root = withChild('fraud-worker.yaml', (text) =>
      text.replace(
        '    path: examples/platform/apps/fraud-worker\n',
        '    path: examples/platform/apps/fraud-worker\n    plugin:\n      name: aoa-iam-v1\n      parameters:\n        - name: environment\n          string: staging\n        - name: app\n          string: payments-api\n        - name: catalogue\n          string: examples/platform/aoa-iam.yaml\n        - name: mode\n          string: auto\n',
      ),
    );

    const run = runPlugin(root, APPLICATIONS, PARENT);

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      '(Application argocd/fraud-worker): spec.source.plugin sets app to "payments-api", not "fraud-worker"',
    );
  });

  it('refuses a child that sets AOA_IAM_APP or AOA_IAM_ENVIRONMENT in its plugin env, naming the value', () => {
    const root = withChild('fraud-worker.yaml', (text) =>
      text.replace(
        '    path: examples/platform/apps/fraud-worker\n',
        '    path: examples/platform/apps/fraud-worker\n    plugin:\n      name: aoa-iam-v1\n      env:\n        - name: AOA_IAM_ENVIRONMENT\n          value: production\n        - name: AOA_IAM_APP\n          value: payments-api\n',
      ),
    );

    const run = runPlugin(root, APPLICATIONS, PARENT);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('sets AOA_IAM_ENVIRONMENT in env to "production", not "staging"');
    expect(run.stderr).toContain('sets AOA_IAM_APP in env to "payments-api", not "fraud-worker"');
    expect(run.stderr).toContain('does not set catalogue');
    expect(run.stderr).not.toContain('to ""');
  });

  it('refuses a child in another repository, which could carry a catalogue of its own', () => {
    const root = withChild('fraud-worker.yaml', (text) =>
      text.replace(
        'repoURL: https://github.com/example-org/platform.git',
        'repoURL: https://github.com/someone-else/platform.git',
      ),
    );

    const run = runPlugin(root, APPLICATIONS, PARENT);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'spec.source.repoURL is "https://github.com/someone-else/platform.git", not the parent\'s repository',
    );
  });
});

describe('a child renders as the app Argo CD names', () => {
  it('refuses an app parameter that differs from ARGOCD_APP_NAME', () => {
    const run = runPlugin(copyRepository(), FRAUD, {
      ...STAGING,
      ARGOCD_APP_NAME: 'fraud-worker',
      ARGOCD_APP_PARAMETERS: parameters({ app: 'payments-api' }),
    });

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'aoa-iam: error: the app setting is "payments-api", but Argo CD renders app "fraud-worker"; an app renders only as itself\n' +
        '  fix: Remove the app setting (aoa-iam takes the name from Argo CD), or rename the Application to its catalogue name.\n',
    );
  });

  it('refuses AOA_IAM_APP in the env that differs from ARGOCD_APP_NAME', () => {
    const run = runPlugin(copyRepository(), FRAUD, {
      ...STAGING,
      ARGOCD_APP_NAME: 'fraud-worker',
      ARGOCD_ENV_AOA_IAM_APP: 'payments-api',
    });

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'the app setting is "payments-api", but Argo CD renders app "fraud-worker"',
    );
  });

  it("lets a root App of Apps that Argo CD names otherwise render as the catalogue's parent", () => {
    const run = runPlugin(copyRepository(), APPLICATIONS, {
      ...STAGING,
      ARGOCD_APP_NAME: 'platform-root',
      ARGOCD_APP_PARAMETERS: parameters({ app: 'platform' }),
    });

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('aoa-iam.io/granted-roles:');
  });

  it("uses the parent's catalogue, not an aoa-iam.yaml placed in the child's folder", () => {
    const root = copyRepository({ [`${PAYMENTS}/aoa-iam.yaml`]: SHADOW_CATALOGUE });
    const parent = runPlugin(root, APPLICATIONS, PARENT);
    expect(parent.status, parent.stderr).toBe(0);

    const child = runPlugin(root, PAYMENTS, {
      ARGOCD_APP_NAME: 'payments-api',
      ARGOCD_APP_PARAMETERS: stampedParameters(parent.stdout, 'payments-api'),
    });

    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain(
      'eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/aoa-iam/platform/payments-api-staging-api\n',
    );
    expect(child.stdout).not.toContain('333333333333');
  });
});

describe('the repository copy is the boundary', () => {
  it('refuses a manifest that is a symlink to a file outside the repository, printing none of it', () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'aoa-iam-outside-'));
    writeFileSync(
      path.join(outside, 'secret.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\ndata:\n  password: hunter2\n',
    );
    const root = copyRepository();
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, PAYMENTS, 'leak.yaml'));

    const run = runPlugin(root, PAYMENTS, { ...STAGING, ARGOCD_APP_NAME: 'payments-api' });

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'manifest leak.yaml is a symlink that leads outside the repository',
    );
    expect(run.stderr).not.toContain('hunter2');
  });

  it('still reads a manifest symlinked to another file inside the repository', () => {
    const root = copyRepository({
      'examples/platform/shared/settings.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: linked-inside\n  namespace: fraud\n',
    });
    symlinkSync(
      path.join(root, 'examples/platform/shared/settings.yaml'),
      path.join(root, FRAUD, 'settings.yaml'),
    );

    const run = runPlugin(root, FRAUD, { ...STAGING, ARGOCD_APP_NAME: 'fraud-worker' });

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('  name: linked-inside\n');
  });
});

describe('an Application the catalogue does not know', () => {
  it('never passes when it names the aoa-iam plugin, even with unknown-children pass', () => {
    const stray = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: payments-shadow
  namespace: argocd
spec:
  source:
    repoURL: https://github.com/example-org/platform.git
    path: examples/platform/apps/payments-api
    plugin:
      name: aoa-iam-v1
      parameters:
        - name: environment
          string: staging
        - name: catalogue
          string: examples/platform/apps/payments-api/aoa-iam.yaml
  destination:
    namespace: payments
`;
    const root = copyRepository({ [`${APPLICATIONS}/payments-shadow.yaml`]: stray });

    const run = runPlugin(root, APPLICATIONS, {
      ...PARENT,
      ARGOCD_APP_PARAMETERS: parameters({ 'unknown-children': 'pass' }),
    });

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'app "payments-shadow" is not in ../aoa-iam.yaml, so aoa-iam cannot say which roles it may use, yet it names the aoa-iam plugin "aoa-iam-v1"',
    );
  });
});
