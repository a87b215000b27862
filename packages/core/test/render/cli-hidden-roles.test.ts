import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findCatalogue } from '../../src/render/find-catalogue.js';
import { runBuiltCli } from './run-built-cli.js';

// The tester's attacks on invariant 3 and on render's edits, through the built
// CLI on the example catalogue: every spelling of an empty claim, and roles
// hidden by merge keys, escapes, ConfigMaps and base64.
const CATALOGUE = 'examples/platform/aoa-iam.yaml';
const STAGING_API = 'arn:aws:iam::111111111111:role/aoa-iam/platform/payments-api-staging-api';
const FRAUD_ROLE = 'arn:aws:iam::111111111111:role/aoa-iam/platform/fraud-worker-staging-worker';
const BOSS = 'arn:aws:iam::222222222222:role/aoa-iam/plat/ops-production-boss';
const base = [
  'render',
  '--catalogue',
  CATALOGUE,
  '--environment',
  'staging',
  '--now',
  '2026-12-05T00:00:00Z',
];
const child = [...base, '--app', 'payments-api', '-'];
const serviceAccount = (name: string, annotations: string) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: payments\n${annotations}`;

function annotationsOf(stream: string): unknown {
  const documents = parseAllDocuments(stream);
  if (!Array.isArray(documents) || documents.length !== 1) throw new Error('one document expected');
  expect(documents[0]!.errors).toEqual([]);
  return documents[0]!.toJS().metadata.annotations;
}

describe('an empty role claim on a granted ServiceAccount', () => {
  for (const empty of ['""', "''", '~', 'null', '']) {
    it(`replaces role-arn: ${empty || '(nothing)'} with the granted role, one value`, () => {
      const run = runBuiltCli(
        child,
        serviceAccount(
          'payments-api',
          `  annotations:\n    eks.amazonaws.com/role-arn: ${empty}\n`,
        ),
      );

      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toBe(
        serviceAccount(
          'payments-api',
          `  annotations:\n    eks.amazonaws.com/role-arn: ${STAGING_API}\n`,
        ),
      );
    });
  }

  it('replaces an empty claim in a flow map and keeps the other entries', () => {
    const run = runBuiltCli(
      child,
      serviceAccount('payments-api', '  annotations: {eks.amazonaws.com/role-arn: "", team: ""}\n'),
    );

    expect(run.status, run.stderr).toBe(0);
    expect(annotationsOf(run.stdout)).toEqual({
      'eks.amazonaws.com/role-arn': STAGING_API,
      team: '',
    });
  });

  it('removes an empty claim with a warning on a ServiceAccount that holds no role', () => {
    const run = runBuiltCli(
      child,
      serviceAccount('payments-api', '') +
        `---\n${serviceAccount('batch', '  annotations:\n    eks.amazonaws.com/role-arn: ""\n    team: a\n')}`,
    );

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('  annotations:\n    team: a\n');
    expect(run.stdout).not.toContain('""');
    expect(run.stderr).toContain('is empty; removed it');
  });

  it('refuses annotations written as a list, exit 2, instead of writing invalid YAML', () => {
    const run = runBuiltCli(child, serviceAccount('payments-api', '  annotations: []\n'));

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'metadata.annotations is a list; Kubernetes takes a map of strings there',
    );
  });

  it('stamps a child Application whose granted-roles annotation is empty with one value', () => {
    const application = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: payments-api
  namespace: argocd
  annotations:
    aoa-iam.io/granted-roles: ""
spec:
  source:
    repoURL: https://github.com/example-org/platform.git
    path: examples/platform/apps/payments-api
  destination:
    namespace: payments
`;
    const run = runBuiltCli([...base, '--mode', 'parent', '-'], application);

    expect(run.status, run.stderr).toBe(0);
    expect(annotationsOf(run.stdout)).toEqual({
      'aoa-iam.io/granted-roles': `${STAGING_API},arn:aws:iam::111111111111:role/aoa-iam/platform/payments-api-staging-release`,
    });
  });
});

describe('roles hidden from a plain-text search', () => {
  const deployment = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  template:
    spec:
      serviceAccountName: payments-api
      containers:
        - name: api
          image: api
          env:
            - name: AWS_ROLE_ARN
              value: ${value}
`;

  it('refuses a YAML 1.1 merge key that would add a role-arn annotation, exit 2', () => {
    const run = runBuiltCli(
      child,
      serviceAccount(
        'payments-api',
        `  annotations:\n    <<: {eks.amazonaws.com/role-arn: "${BOSS}"}\n`,
      ),
    );

    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('metadata.annotations has a YAML merge key "<<"');
  });

  it('refuses a merge key anywhere, even when what it merges names no role', () => {
    const run = runBuiltCli(
      child,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  <<: {a: b}\n',
    );

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('data has a YAML merge key "<<"');
  });

  for (const [spelling, value] of [
    ['a \\u escape', `"arn:aws:iam::222222222222:\\u0072ole/aoa-iam/plat/ops-production-boss"`],
    ['an escaped slash', `"arn:aws:iam::222222222222:role\\/aoa-iam\\/plat\\/ops-production-boss"`],
    [
      'an escaped line break',
      `"arn:aws:iam::222222222222:ro\\\n                le/aoa-iam/plat/ops-production-boss"`,
    ],
    ['upper case', 'ARN:AWS:IAM::222222222222:ROLE/aoa-iam/plat/ops-production-boss'],
  ]) {
    it(`refuses a role in a Deployment's env written with ${spelling}`, () => {
      const run = runBuiltCli(child, deployment(value!));

      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('env[0].value names role');
    });
  }

  it('refuses a role of the catalogue in a ConfigMap, which does not belong to the app', () => {
    const run = runBuiltCli(
      child,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws\n  namespace: payments\ndata: {AWS_ROLE_ARN: ${BOSS}}\n`,
    );

    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `(ConfigMap aws): data.AWS_ROLE_ARN names role ${BOSS}, which is not granted to a service account of app payments-api in staging: the catalogue grants it to no identity in staging`,
    );
  });

  it("refuses another app's role as base64 in a Secret's data", () => {
    const encoded = Buffer.from(FRAUD_ROLE).toString('base64');
    const run = runBuiltCli(
      child,
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: aws\n  namespace: payments\ndata:\n  AWS_ROLE_ARN: ${encoded}\n`,
    );

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`data.AWS_ROLE_ARN (base64) names role ${FRAUD_ROLE}`);
  });

  it('refuses a role in ConfigMap binaryData and in a !!binary scalar', () => {
    const encoded = Buffer.from(BOSS).toString('base64');
    const configMap = (data: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws\n  namespace: payments\n${data}`;

    const binaryData = runBuiltCli(child, configMap(`binaryData:\n  role: ${encoded}\n`));
    const tagged = runBuiltCli(child, configMap(`data:\n  role: !!binary ${encoded}\n`));

    expect(binaryData.status).toBe(1);
    expect(binaryData.stderr).toContain(`binaryData.role (base64) names role ${BOSS}`);
    expect(tagged.status).toBe(1);
    expect(tagged.stderr).toContain(`data.role (binary) names role ${BOSS}`);
  });

  it("passes the app's own role in a ConfigMap and a role of an account outside the catalogue", () => {
    const input = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws\n  namespace: payments\ndata:\n  OWN: ${STAGING_API}\n  PARTNER: arn:aws:iam::999999999999:role/partner-reader\n`;
    const run = runBuiltCli(child, input);

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(input);
  });
});

describe('clear errors for unusable input', () => {
  it('says a missing folder does not exist, exit 2', () => {
    const run = runBuiltCli([...base, 'no/such/folder']);

    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'aoa-iam render: no/such/folder does not exist; give the app\'s folder, or - to read stdin\nSee "aoa-iam render --help".\n',
    );
  });

  it('says a file is not a folder and how to render it, exit 2', () => {
    const run = runBuiltCli([...base, CATALOGUE]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      `${CATALOGUE} is not a folder; give the app's folder, or render one file with: aoa-iam render - < ${CATALOGUE}`,
    );
  });

  it('exits 2 for a stream of empty documents, as for closed stdin', () => {
    const documents = runBuiltCli(child, '---\n---\n~\n');
    const closed = runBuiltCli(child);

    expect(documents.status).toBe(2);
    expect(documents.stderr).toContain('every document of <stdin> is empty');
    expect(closed.status).toBe(2);
  });
});

describe('what a manifest folder must never lead render to read', () => {
  it('refuses a manifest that is a symlink into .git, printing none of it', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'aoa-iam-git-link-'));
    mkdirSync(path.join(folder, '.git'));
    writeFileSync(
      path.join(folder, '.git/leak.yaml'),
      'apiVersion: v1\nkind: Secret\ndata: {password: aHVudGVyMg==}\n',
    );
    mkdirSync(path.join(folder, 'm'));
    symlinkSync('../.git/leak.yaml', path.join(folder, 'm/g.yaml'));
    const run = runBuiltCli([...base, '--app', 'payments-api', path.join(folder, 'm')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      'manifest g.yaml leads into a .git directory, which aoa-iam never reads',
    );
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('aHVudGVyMg');
  });

  it('does not quote the source text of a YAML syntax error', () => {
    const run = runBuiltCli(child, 'machine x password "hunter2hunter2" : [\n');
    expect(run.status).toBe(2);
    expect(run.stderr).not.toContain('hunter2hunter2');
  });
});

describe('finding the catalogue from a child folder', () => {
  it('takes the outermost root catalogue, never one a child dropped into its own folder', async () => {
    const repository = mkdtempSync(path.join(tmpdir(), 'aoa-iam-shadow-'));
    const root = 'version: aoa-iam/v1\nparent: platform\nenvironments: {}\n';
    mkdirSync(path.join(repository, 'apps/web'), { recursive: true });
    writeFileSync(path.join(repository, 'aoa-iam.yaml'), root);
    writeFileSync(path.join(repository, 'apps/web/aoa-iam.yaml'), root.replace('platform', 'web'));
    expect(await findCatalogue(path.join(repository, 'apps/web'), repository)).toBe(
      path.join(realpathSync(repository), 'aoa-iam.yaml'),
    );
  });
});
