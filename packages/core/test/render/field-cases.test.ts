import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderManifests } from '../../src/render/render.js';
import { role, TEAM_A_APP, TEAM_B_ADMIN, teamAScope } from './team-scope.js';

// The issue's "cases from the field", each with its exact value. The child
// Application's destination namespace is team-a (the default namespace here).
function render(text: string, scope = teamAScope()) {
  return renderManifests([{ name: '<stdin>', text }], { scope, defaultNamespace: 'team-a' });
}

const SERVICE_ACCOUNT_APP = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
`;

describe('cases from the field', () => {
  it('1: skips helm comment-only and empty documents and prints exactly the annotated ServiceAccount', () => {
    const input = `---\n# Source: team-a/templates/serviceaccount.yaml\n---\n${SERVICE_ACCOUNT_APP}---\n\n---\n`;

    const result = render(input);

    expect(result.findings).toEqual([]);
    expect(result.output).toBe(
      `---\n${SERVICE_ACCOUNT_APP}  annotations:\n    eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n`,
    );
    const documents = parseAllDocuments(result.output!);
    expect(Array.isArray(documents) && documents.length).toBe(1);
  });

  it('2: keeps a ConfigMap with certificates and an indented --- block byte for byte', () => {
    const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: trust
  namespace: team-a
data:
  ca.crt: |
    -----BEGIN CERTIFICATE-----
    MIIBszCCAVmgAwIBAgIUQ2hlY2sgdGhpcyBpcyBub3QgYSByZWFsIGNlcnQwCgYI
    -----END CERTIFICATE-----
  page.md: |
    ---
    title: front matter
    ---
    body
`;
    const input = `${configMap}---\n${SERVICE_ACCOUNT_APP}`;

    const result = render(input);

    expect(result.findings).toEqual([]);
    const [first, second] = result.output!.split(/^---\n/m);
    expect(first).toBe(configMap);
    expect(second).toContain(`eks.amazonaws.com/role-arn: ${TEAM_A_APP}`);
    expect(result.stats.documents).toBe(2);
  });

  it('3: keeps YAML 1.1 booleans quoted, a bare git sha as written and "010" quoted', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  labels:
    git-sha: 81111e1
  annotations:
    reviewed: "yes"
spec:
  template:
    metadata:
      labels:
        version: "010"
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: example/app:1
          env:
            - {name: A, value: "no"}
            - {name: B, value: "on"}
            - {name: C, value: "NO"}
            - {name: D, value: "y"}
            - {name: E, value: "Off"}
`;
    const input = `${deployment}---\n${SERVICE_ACCOUNT_APP}`;

    const result = render(input);

    expect(result.output!.startsWith(deployment)).toBe(true);
    for (const quoted of ['"no"', '"on"', '"NO"', '"y"', '"Off"', '"yes"', '"010"']) {
      expect(result.output).toContain(quoted);
    }
    expect(result.output).toContain('git-sha: 81111e1\n');
  });

  it('4: refuses a ServiceAccount with two role-arn keys, naming the key, the object and both lines', () => {
    const input = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
  annotations:
    eks.amazonaws.com/role-arn: ${TEAM_A_APP}
    eks.amazonaws.com/role-arn: ${TEAM_B_ADMIN}
`;
    const result = render(input);

    expect(result.output).toBeUndefined();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      rule: 'render.duplicate-key',
      severity: 'error',
      message:
        'document 1 of <stdin> (ServiceAccount app): duplicate key "eks.amazonaws.com/role-arn" at lines 6 and 7',
      position: { file: '<stdin>', line: 7, column: 5 },
    });
  });

  it('4: reports a duplicate key elsewhere with its lines, not a stack trace', () => {
    const input = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n  name: worker\n`;

    const result = render(input);

    expect(result.findings.map((finding) => finding.message)).toEqual([
      'document 1 of <stdin> (ServiceAccount app): duplicate key "name" at lines 4 and 5',
    ]);
  });

  it('5: refuses a nine-level alias chain quickly, with no partial stream', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n${levels.map((line) => `  ${line}`).join('\n')}\n`;
    const input = `${SERVICE_ACCOUNT_APP}---\n${bomb}`;

    const started = performance.now();
    const result = render(input);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1000);
    expect(result.output).toBeUndefined();
    expect(result.findings.map((finding) => finding.rule)).toEqual(['render.alias-bomb']);
    expect(result.findings[0]!.message).toContain('document 2 of <stdin> (ConfigMap lol)');
  });

  it('5: caps input bytes, document count and nesting depth', () => {
    const scope = teamAScope();
    const big = renderManifests([{ name: 'big.yaml', text: SERVICE_ACCOUNT_APP }], {
      scope,
      limits: { maxBytes: 10 },
    });
    const many = renderManifests(
      [{ name: 'many.yaml', text: `${SERVICE_ACCOUNT_APP}---\n`.repeat(5) }],
      {
        scope,
        limits: { maxDocuments: 3 },
      },
    );
    const deep = renderManifests(
      [
        {
          name: 'deep.yaml',
          text: `${SERVICE_ACCOUNT_APP}data: ${'['.repeat(80)}${']'.repeat(80)}\n`,
        },
      ],
      { scope },
    );

    expect(big.findings.map((finding) => finding.message)).toEqual([
      'big.yaml: the manifests exceed 10 bytes',
    ]);
    expect(many.findings.map((finding) => finding.message)).toEqual([
      'many.yaml: the manifests hold more than 3 YAML documents',
    ]);
    expect(deep.findings.map((finding) => finding.rule)).toEqual(['render.too-deep']);
    expect([big.output, many.output, deep.output]).toEqual([undefined, undefined, undefined]);
  });

  it('6: finds CRLF ServiceAccounts, matches each against its own grant and writes one line ending', () => {
    const workerRole = 'arn:aws:iam::111111111111:role/aoa-iam/platform/team-a-worker';
    const scope = teamAScope([role('team-a', 'worker', 'team-a', 'worker', workerRole)]);
    const lf = `${SERVICE_ACCOUNT_APP}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\n`;
    const crlf = lf.replaceAll('\n', '\r\n');
    const mixed = lf.replace('kind: ServiceAccount\n', 'kind: ServiceAccount\r\n');

    const all = render(crlf, scope).output!;
    const some = render(mixed, scope).output!;

    expect(all).toBe(
      lf
        .replace(
          'name: app\n',
          `name: app\n  annotations:\n    eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n`,
        )
        .replace(
          /name: worker\n$/,
          `name: worker\n  annotations:\n    eks.amazonaws.com/role-arn: ${workerRole}\n`,
        )
        .replaceAll('\n', '\r\n'),
    );
    expect(all.replaceAll('\r\n', '')).not.toContain('\r');
    expect(some).not.toContain('\r');
    expect(some).toContain(`eks.amazonaws.com/role-arn: ${workerRole}\n`);
  });

  it('7: refuses a pod template naming team-b-admin, naming Deployment team-a/app and the path', () => {
    const deployment = (arn: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: team-a
spec:
  template:
    metadata:
      annotations:
        eks.amazonaws.com/role-arn: ${arn}
    spec:
      serviceAccountName: app
      containers:
        - name: app
          image: example/app:1
`;
    const refused = render(`${deployment(TEAM_B_ADMIN)}---\n${SERVICE_ACCOUNT_APP}`);
    const granted = render(`${deployment(TEAM_A_APP)}---\n${SERVICE_ACCOUNT_APP}`);

    expect(refused.output).toBeUndefined();
    expect(refused.findings).toHaveLength(1);
    expect(refused.findings[0]!.rule).toBe('render.role-not-granted');
    expect(refused.findings[0]!.message).toContain('(Deployment team-a/app)');
    expect(refused.findings[0]!.message).toContain(
      `spec.template.metadata.annotations["eks.amazonaws.com/role-arn"] names role ${TEAM_B_ADMIN}`,
    );
    expect(granted.findings.map((finding) => [finding.severity, finding.rule])).toEqual([
      ['warning', 'render.ineffective-annotation'],
    ]);
    expect(granted.output).toContain(
      `name: app\n  annotations:\n    eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n`,
    );
  });

  it('8: takes a missing namespace from the destination and shows both subjects', () => {
    const issuer = 'arn:aws:iam::111111111111:role/aoa-iam/platform/certs-issuer-sa';
    const scope = teamAScope();
    scope.rolesByArn.set(issuer, role('certs', 'issuer', 'cert-manager', 'issuer-sa', issuer));
    const input = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: issuer-sa
  annotations:
    eks.amazonaws.com/role-arn: ${issuer}
`;
    const result = render(input, scope);

    expect(result.output).toBeUndefined();
    expect(result.findings[0]!.message).toBe(
      `document 1 of <stdin> (ServiceAccount team-a/issuer-sa): metadata.annotations["eks.amazonaws.com/role-arn"] names role ${issuer}, which is not granted to app team-a, environment staging and service account system:serviceaccount:team-a:issuer-sa: it is granted to system:serviceaccount:cert-manager:issuer-sa (app certs)`,
    );
  });

  it('9: annotates agent beside helm bookkeeping, removes an empty claim and warns of a granted ServiceAccount not rendered', () => {
    const agentRole = 'arn:aws:iam::111111111111:role/aoa-iam/platform/team-a-agent';
    const scope = teamAScope([role('team-a', 'agent', 'team-a', 'agent', agentRole)]);
    const collector = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: collector
  annotations:
    eks.amazonaws.com/role-arn: ""
`;
    const agent = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: agent
  annotations:
    meta.helm.sh/release-name: team-a
    meta.helm.sh/release-namespace: team-a
`;
    const result = render(`${collector}---\n${agent}`, scope);

    expect(result.output).toBe(
      `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: collector\n---\n${agent}    eks.amazonaws.com/role-arn: ${agentRole}\n`,
    );
    expect(result.findings.map((finding) => [finding.rule, finding.severity])).toEqual([
      ['render.empty-role-claim', 'warning'],
      ['render.granted-not-rendered', 'warning'],
    ]);
    expect(result.findings[1]!.message).toContain('system:serviceaccount:team-a:app is granted');
  });
});
