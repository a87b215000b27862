import { describe, expect, it } from 'vitest';
import { renderManifests } from '../../src/render/render.js';
import { role, TEAM_A_APP, TEAM_B_ADMIN, teamAScope } from './team-scope.js';

function render(text: string, options: Partial<Parameters<typeof renderManifests>[1]> = {}) {
  return renderManifests([{ name: 'in.yaml', text }], {
    scope: teamAScope(),
    defaultNamespace: 'team-a',
    ...options,
  });
}

const SA = (metadata: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n${metadata}`;

describe('ServiceAccounts', () => {
  it('keeps a correct role annotation byte for byte', () => {
    const input = SA(
      `  name: app\n  annotations:\n    # set by hand\n    eks.amazonaws.com/role-arn: '${TEAM_A_APP}'\n`,
    );

    const result = render(input);

    expect(result.output).toBe(input);
    expect(result.stats.changed).toBe(0);
  });

  it('refuses another app role on a granted ServiceAccount and says which role it holds', () => {
    const result = render(
      SA(`  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: ${TEAM_B_ADMIN}\n`),
    );

    expect(result.output).toBeUndefined();
    expect(result.findings[0]!.message).toContain(
      `it is granted to system:serviceaccount:team-b:admin (app team-b); system:serviceaccount:team-a:app holds ${TEAM_A_APP}`,
    );
    expect(result.findings[0]!.position).toEqual({ file: 'in.yaml', line: 6, column: 33 });
  });

  it('annotates ServiceAccounts inside a List, naming items by index', () => {
    const input = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: worker
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: app
`;
    const result = render(input);

    expect(result.output).toBe(
      `${input}      annotations:\n        eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n`,
    );
  });

  it('writes no annotation for an EKS Pod Identity role', () => {
    const pods = 'arn:aws:iam::111111111111:role/aoa-iam/platform/team-a-agent';
    const scope = teamAScope([
      role('team-a', 'agent', 'team-a', 'agent', pods, 'eks-pod-identity'),
    ]);
    const input = `${SA('  name: agent\n')}---\n${SA('  name: app\n')}`;

    const result = render(input, { scope });

    expect(result.output).toContain('  name: agent\n---\n');
    expect(result.output?.match(/role-arn/g)).toHaveLength(1);
    expect(result.findings).toEqual([]);
  });

  it('warns that an IRSA annotation naming a Pod Identity role breaks the pod, and keeps it', () => {
    const pods = 'arn:aws:iam::111111111111:role/aoa-iam/platform/team-a-agent';
    const scope = teamAScope([
      role('team-a', 'agent', 'team-a', 'agent', pods, 'eks-pod-identity'),
    ]);
    const input = `${SA(`  name: agent\n  annotations:\n    eks.amazonaws.com/role-arn: ${pods}\n`)}---\n${SA('  name: app\n')}`;

    const result = render(input, { scope });

    expect(result.findings.map((finding) => [finding.severity, finding.rule])).toEqual([
      ['warning', 'render.pod-identity-annotation'],
    ]);
    expect(result.output?.startsWith(input.slice(0, input.indexOf('---')))).toBe(true);
  });

  it('keeps an IRSA extra written differently in the manifest, with a warning', () => {
    const input = SA('  name: app\n  annotations:\n    eks.amazonaws.com/audience: internal\n');

    const result = render(input, {
      serviceAccountAnnotations: [
        { key: 'eks.amazonaws.com/audience', value: 'sts.amazonaws.com' },
      ],
    });

    expect(result.output).toBe(`${input}    eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n`);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'document 1 of in.yaml (ServiceAccount team-a/app): metadata.annotations["eks.amazonaws.com/audience"] is "internal"; kept as written instead of the configured "sts.amazonaws.com"',
    ]);
  });

  it('adds the configured IRSA extras, quoting what YAML 1.1 would read as other types', () => {
    const result = render(SA('  name: app\n'), {
      serviceAccountAnnotations: [
        { key: 'eks.amazonaws.com/audience', value: 'sts.amazonaws.com' },
        { key: 'eks.amazonaws.com/sts-regional-endpoints', value: 'true' },
        { key: 'eks.amazonaws.com/token-expiration', value: '86400' },
      ],
    });

    expect(result.output).toBe(
      `${SA('  name: app\n')}  annotations:\n    eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n` +
        '    eks.amazonaws.com/audience: sts.amazonaws.com\n' +
        '    eks.amazonaws.com/sts-regional-endpoints: "true"\n' +
        '    eks.amazonaws.com/token-expiration: "86400"\n',
    );
  });

  it('edits flow-style maps and JSON manifests in their own style', () => {
    const flow = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, annotations: {}}\n';
    const json = '{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "app"}}\n';

    expect(render(flow).output).toBe(
      `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, annotations: {eks.amazonaws.com/role-arn: ${TEAM_A_APP}}}\n`,
    );
    expect(render(json).output).toBe(
      `{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "app", annotations: {eks.amazonaws.com/role-arn: ${TEAM_A_APP}}}}\n`,
    );
  });

  it('fills an empty annotations key', () => {
    const result = render(SA('  name: app\n  annotations:\n  labels:\n    a: b\n'));

    expect(result.output).toBe(
      SA(
        `  name: app\n  annotations:\n    eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n  labels:\n    a: b\n`,
      ),
    );
  });
});

describe('pod templates', () => {
  it('refuses an env var naming a role not granted to the pod service account', () => {
    const input = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: app
          containers:
            - name: report
              image: example/report:1
              env:
                - name: AWS_ROLE_ARN
                  value: ${TEAM_B_ADMIN}
`;
    const result = render(input);

    expect(result.output).toBeUndefined();
    expect(result.findings[0]!.message).toContain(
      `(CronJob team-a/report): spec.jobTemplate.spec.template.spec.containers[0].env[0].value names role ${TEAM_B_ADMIN}`,
    );
  });

  it('accepts the granted role in an env var', () => {
    const input = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  serviceAccountName: app
  containers:
    - name: shell
      image: example/shell:1
      env: [{name: AWS_ROLE_ARN, value: "${TEAM_A_APP}"}]
`;
    expect(render(input).output).toBe(input);
  });
});

describe('the stream', () => {
  it('keeps the preamble, document end markers and unchanged documents byte for byte', () => {
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {a: "010"}\n...\n';
    const input = `# Licensed under the Apache License.\n\n---\n${configMap}${SA('  name: worker\n')}`;

    const result = render(input);

    expect(result.output).toBe(input);
  });

  it('joins several files into one stream', () => {
    const result = renderManifests(
      [
        { name: 'a.yaml', text: SA('  name: app\n  namespace: team-a') },
        { name: 'b.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n' },
      ],
      { scope: teamAScope() },
    );

    expect(result.output).toBe(
      `${SA('  name: app\n  namespace: team-a')}\n  annotations:\n    eks.amazonaws.com/role-arn: ${TEAM_A_APP}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n`,
    );
  });

  it('refuses empty input so Argo CD does not prune the app, unless allowed', () => {
    expect(render('# nothing\n').findings.map((finding) => finding.rule)).toEqual([
      'render.empty-input',
    ]);
    expect(render('---\n---\n').findings.map((finding) => finding.rule)).toEqual([
      'render.empty-output',
    ]);
    expect(render('---\n', { allowEmpty: true }).output).toBe('');
  });

  it('passes documents it need not read unparsed, and parses them in strict mode', () => {
    const input = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  name: d\n';

    expect(render(input).output).toBe(input);
    expect(render(input, { strict: true }).findings.map((finding) => finding.rule)).toEqual([
      'render.duplicate-key',
    ]);
  });
});

describe('parent mode', () => {
  const child = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: team-a
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://example.com/platform.git
    path: apps/team-a
  destination:
    namespace: team-a
`;
  const scope = () => {
    const parent = teamAScope();
    parent.children.set('team-a', [role('team-a', 'app', 'team-a', 'app', TEAM_A_APP)]);
    return parent;
  };
  const plugin = { name: 'aoa-iam-v1', parameters: [{ name: 'environment', value: 'staging' }] };

  it('stamps a child once: rendering its own output again changes nothing', () => {
    const first = render(child, { scope: scope(), plugin, mode: 'parent' });
    const second = render(first.output!, { scope: scope(), plugin, mode: 'parent' });

    expect(first.output).toBe(
      child
        .replace(
          '  namespace: argocd\n',
          `  namespace: argocd\n  annotations:\n    aoa-iam.io/granted-roles: ${TEAM_A_APP}\n`,
        )
        .replace(
          '    path: apps/team-a\n',
          '    path: apps/team-a\n    plugin:\n      name: aoa-iam-v1\n      parameters:\n        - name: environment\n          string: staging\n        - name: app\n          string: team-a\n',
        ),
    );
    expect(second.output).toBe(first.output);
    expect(second.stats.changed).toBe(0);
  });

  it('refuses a child already stamped for another environment', () => {
    const stamped = render(child, { scope: scope(), plugin, mode: 'parent' }).output!;
    const production = { ...plugin, parameters: [{ name: 'environment', value: 'production' }] };

    const result = render(stamped, { scope: scope(), plugin: production, mode: 'parent' });

    expect(result.findings.map((finding) => finding.message)).toEqual([
      'document 1 of in.yaml (Application argocd/team-a): spec.source.plugin sets environment to "staging", not "production"',
    ]);
  });

  it('leaves Applications alone in child mode', () => {
    expect(render(child, { scope: scope(), plugin, mode: 'child' }).output).toBe(child);
  });
});
