import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { compileCatalogue } from '../../src/compile/compile.js';
import type { DerivedRole } from '../../src/compile/role.js';
import { deriveRoleName } from '../../src/compile/role-name.js';
import { edit, MINIMAL_CATALOGUE, temporaryTree } from '../catalogue/fixtures.js';

const NOW = new Date('2026-12-04T12:00:00Z');

async function compileText(text: string, now = NOW) {
  const root = temporaryTree({ 'aoa-iam.yaml': text });
  const loaded = await loadCatalogue(path.join(root, 'aoa-iam.yaml'));
  expect(loaded.findings).toEqual([]);
  return compileCatalogue(loaded.catalogue!, { now, revision: 'abc123' });
}

function roleNamed(roles: DerivedRole[], name: string): DerivedRole {
  const role = roles.find((candidate) => candidate.name === name);
  if (!role) throw new Error(`no role ${name} among ${roles.map((each) => each.name).join(', ')}`);
  return role;
}

const IDENTITIES_CATALOGUE = edit(
  MINIMAL_CATALOGUE,
  '        serviceAccount: web-api\n',
  `        serviceAccount: web-api
      main:
        github: { repository: example-org/web, branch: main }
      release:
        github: { repository: example-org/web, tag: v1.2.3 }
      deploy:
        github:
          repository: example-org/web
          environment: \${env}
          immutable: { ownerId: "1234", repositoryId: "5678" }
      preview:
        github: { repository: example-org/web-infra, pullRequest: true }
`,
).replace(
  '        api: [read-metrics, read-bucket]\n',
  '        api: [read-metrics, read-bucket]\n        main: [read-metrics]\n        release: [read-metrics]\n        deploy: [read-metrics]\n        preview: [read-metrics]\n',
);

describe('trust policies', () => {
  it('trusts exactly one service account through the environment own EKS issuer (IRSA)', async () => {
    const { roles } = await compileText(MINIMAL_CATALOGUE);
    const role = roleNamed(roles, 'web-production-api');
    expect(role.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: [
              'arn:aws:iam::222222222222:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION',
            ],
          },
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Condition: {
            StringEquals: {
              'oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION:aud': ['sts.amazonaws.com'],
              'oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION:sub': [
                'system:serviceaccount:web:web-api',
              ],
            },
          },
        },
      ],
    });
  });

  it('gives GitHub identities the exact subject for a branch, a tag, an environment and a pull request', async () => {
    const { roles } = await compileText(IDENTITIES_CATALOGUE);
    const subjectOf = (name: string) =>
      roleNamed(roles, name).trustPolicy.Statement[0]?.Condition?.StringEquals?.[
        'token.actions.githubusercontent.com:sub'
      ];
    expect(subjectOf('web-production-main')).toEqual(['repo:example-org/web:ref:refs/heads/main']);
    expect(subjectOf('web-production-release')).toEqual([
      'repo:example-org/web:ref:refs/tags/v1.2.3',
    ]);
    expect(subjectOf('web-production-deploy')).toEqual([
      'repo:example-org@1234/web@5678:environment:production',
    ]);
    expect(subjectOf('web-production-preview')).toEqual([
      'repo:example-org/web-infra:pull_request',
    ]);
    expect(
      roleNamed(roles, 'web-production-main').trustPolicy.Statement[0]?.Condition?.StringEquals?.[
        'token.actions.githubusercontent.com:aud'
      ],
    ).toEqual(['sts.amazonaws.com']);
  });

  it('trusts EKS Pod Identity by service principal, conditioned on cluster, namespace and service account', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION\n',
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION\n      pods:\n        type: eks-pod-identity\n        cluster: arn:aws:eks:eu-west-1:222222222222:cluster/main\n',
    )
      .replace(
        '        serviceAccount: web-api\n',
        '        serviceAccount: web-api\n      worker:\n        serviceAccount: web-worker\n        provider: pods\n',
      )
      .replace(
        '        api: [read-metrics, read-bucket]\n',
        '        api: [read-metrics, read-bucket]\n        worker: [read-metrics]\n',
      );
    const { roles } = await compileText(text);
    expect(roleNamed(roles, 'web-production-worker').trustPolicy.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: ['pods.eks.amazonaws.com'] },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:SourceAccount': ['222222222222'],
            'aws:RequestTag/eks-cluster-arn': ['arn:aws:eks:eu-west-1:222222222222:cluster/main'],
            'aws:RequestTag/kubernetes-namespace': ['web'],
            'aws:RequestTag/kubernetes-service-account': ['web-worker'],
          },
        },
      },
    ]);
  });

  it('trusts a generic OIDC subject with the issuer own audience', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION\n',
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION\n      okta:\n        type: oidc\n        issuer: example.okta.com/oauth2/default\n        audience: api://aoa-iam\n',
    )
      .replace(
        '        serviceAccount: web-api\n',
        '        serviceAccount: web-api\n      oncall:\n        oidc: { provider: okta, subject: group-web-oncall }\n',
      )
      .replace(
        '        api: [read-metrics, read-bucket]\n',
        '        api: [read-metrics, read-bucket]\n        oncall: [read-metrics]\n',
      );
    const { roles } = await compileText(text);
    expect(roleNamed(roles, 'web-production-oncall').trustPolicy.Statement[0]?.Condition).toEqual({
      StringEquals: {
        'example.okta.com/oauth2/default:aud': ['api://aoa-iam'],
        'example.okta.com/oauth2/default:sub': ['group-web-oncall'],
      },
    });
  });

  it('never lets a role trust a provider or account of another environment (invariant 1)', async () => {
    const root = path.resolve(import.meta.dirname, '../../../../examples/platform/aoa-iam.yaml');
    const loaded = await loadCatalogue(root);
    const { roles } = compileCatalogue(loaded.catalogue!, { now: NOW });
    expect(roles.length).toBeGreaterThan(5);
    for (const role of roles) {
      const environment = loaded.catalogue!.environments.get(role.environment)!;
      const ownIssuers = [...environment.providers.values()].map(
        (provider) => provider.issuer ?? provider.cluster,
      );
      expect(ownIssuers).toContain(role.trustedSubject.issuer);
      const text = JSON.stringify(role.trustPolicy);
      for (const other of loaded.catalogue!.environments.values()) {
        if (other.name === role.environment) continue;
        expect(text).not.toContain(other.account);
        for (const provider of other.providers.values()) {
          if (
            provider.issuer &&
            provider.issuer !== environment.providers.get(provider.name)?.issuer
          ) {
            expect(text).not.toContain(provider.issuer);
          }
        }
      }
      expect(text).not.toMatch(/:sub":\["[^"]*\*/);
    }
  });
});

describe('permission policies, boundaries and tags', () => {
  it('fills placeholders per role and writes one inline policy per capability', async () => {
    const { roles } = await compileText(MINIMAL_CATALOGUE);
    const role = roleNamed(roles, 'web-production-api');
    expect(role.inlinePolicies.map((policy) => policy.name)).toEqual([
      'cap-read-bucket',
      'cap-read-metrics',
    ]);
    expect(role.inlinePolicies[0]?.document.Statement[0]?.Resource).toEqual([
      'arn:aws:s3:::production-web/web-api/*',
    ]);
  });

  it('gives every role its environment permissions boundary and session limit (invariant 7)', async () => {
    const { roles } = await compileText(MINIMAL_CATALOGUE);
    expect(roles.map((role) => [role.name, role.boundary, role.maxSessionSeconds])).toEqual([
      ['web-production-api', 'arn:aws:iam::222222222222:policy/boundary', 3600],
      ['web-staging-api', 'arn:aws:iam::111111111111:policy/boundary', 3600],
    ]);
  });

  it('tags each role with its owner, parent, app, environment, identity and revision', async () => {
    const { roles } = await compileText(MINIMAL_CATALOGUE);
    expect(roleNamed(roles, 'web-staging-api').tags).toEqual({
      'aoa-iam:app': 'web',
      'aoa-iam:environment': 'staging',
      'aoa-iam:identity': 'api',
      'aoa-iam:managed-by': 'aoa-iam',
      'aoa-iam:parent': 'platform',
      'aoa-iam:revision': 'abc123',
    });
    expect(roleNamed(roles, 'web-staging-api').arn).toBe(
      'arn:aws:iam::111111111111:role/aoa-iam/platform/web-staging-api',
    );
  });

  it('refuses ${serviceAccount} in a capability granted to a GitHub identity', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        serviceAccount: web-api\n',
      '        serviceAccount: web-api\n      ci:\n        github: { repository: example-org/web, branch: main }\n',
    ).replace(
      '        api: [read-metrics, read-bucket]\n',
      '        api: [read-metrics, read-bucket]\n        ci: [read-bucket]\n',
    );
    const root = temporaryTree({ 'aoa-iam.yaml': text });
    const loaded = await loadCatalogue(path.join(root, 'aoa-iam.yaml'));
    const { findings } = compileCatalogue(loaded.catalogue!, { now: NOW });
    expect(findings.map((finding) => [finding.rule, finding.message])).toEqual([
      [
        'catalogue.placeholder',
        'capability "read-bucket" uses ${serviceAccount}, which has no value for identity "ci" of app "web" (a github identity)',
      ],
    ]);
  });
});

describe('temporary grants', () => {
  const withGrant = (expires: string) =>
    edit(
      MINIMAL_CATALOGUE,
      '        api: [read-metrics, read-bucket]\n',
      `        api: [read-metrics, read-bucket]\n    temporary:\n      - identity: api\n        environment: staging\n        capabilities: [read-bucket]\n        expires: ${expires}\n        reason: INC-42 debug a broken export job.\n`,
    );

  it('bounds a temporary grant by aws:CurrentTime so it stops at its expiry even without an apply', async () => {
    const { roles } = await compileText(withGrant('2026-12-10T00:00:00Z'));
    const temporary = roleNamed(roles, 'web-staging-api').inlinePolicies.find(
      (policy) => policy.name === 'temp-read-bucket',
    );
    expect(temporary?.temporary).toEqual({
      expires: '2026-12-10T00:00:00Z',
      reason: 'INC-42 debug a broken export job.',
    });
    expect(temporary?.document.Statement[0]?.Condition).toEqual({
      DateLessThan: { 'aws:CurrentTime': ['2026-12-10T00:00:00Z'] },
    });
  });

  it('leaves an expired temporary grant out of the derived role (invariant 5)', async () => {
    const { roles } = await compileText(withGrant('2026-12-01T00:00:00Z'));
    expect(roleNamed(roles, 'web-staging-api').inlinePolicies.map((policy) => policy.name)).toEqual(
      ['cap-read-metrics'],
    );
  });

  it('derives a role that exists only for a temporary grant, tagged with its expiry, and drops it after', async () => {
    const text = withGrant('2026-12-10T00:00:00Z').replace(
      '      staging:\n        api: [read-metrics]\n      production:',
      '      production:',
    );
    const before = await compileText(text);
    expect(roleNamed(before.roles, 'web-staging-api')).toMatchObject({
      expires: '2026-12-10T00:00:00Z',
      tags: expect.objectContaining({ 'aoa-iam:expires': '2026-12-10T00:00:00Z' }),
    });
    const after = await compileText(text, new Date('2026-12-11T00:00:00Z'));
    expect(after.roles.map((role) => role.name)).toEqual(['web-production-api']);
  });
});

describe('role names and IAM limits', () => {
  it('keeps names of 64 characters or fewer as written', () => {
    expect(deriveRoleName('payments-api', 'production', 'api')).toBe('payments-api-production-api');
  });

  it('shortens long names with a stable hash, keeping two names with one prefix apart', () => {
    const app = 'a-very-long-application-name-for-the-payments-reconciliation';
    const first = deriveRoleName(app, 'production', 'batch-worker');
    const second = deriveRoleName(app, 'production', 'batch-worker-2');
    expect(first).toHaveLength(64);
    expect(first).toMatch(/^[\w+=,.@-]+-[0-9a-f]{8}$/);
    expect(deriveRoleName(app, 'production', 'batch-worker')).toBe(first);
    expect(second).not.toBe(first);
  });

  it('refuses a role whose inline policies together exceed 10,240 characters, naming role and policies', async () => {
    const statements = Array.from(
      { length: 180 },
      (_, index) =>
        `        - Effect: Allow\n          Action: s3:GetObject\n          Resource: arn:aws:s3:::bucket-number-${index}/*\n`,
    ).join('');
    const text = edit(
      MINIMAL_CATALOGUE,
      'capabilities:\n',
      `capabilities:\n  bulk:\n    policy:\n      Statement:\n${statements}`,
    ).replace(
      '        api: [read-metrics, read-bucket]\n',
      '        api: [read-metrics, read-bucket, bulk]\n',
    );
    const result = await compileText(text);
    expect(result.findings).toEqual([
      expect.objectContaining({
        rule: 'limits.inline-policy-size',
        severity: 'error',
        message: expect.stringMatching(
          /^role web-production-api \(app web, production\) has inline policies of \d+ characters in all \(cap-bulk, cap-read-bucket, cap-read-metrics\); IAM allows 10240 for their sum$/,
        ),
      }),
    ]);
  });
});
