import { describe, expect, it } from 'vitest';
import { CatalogueIndex } from '../../src/checks/catalogue-index.js';
import { checkGitHubSubjects } from '../../src/checks/github-subjects.js';
import { sharedIamData } from '../../src/policy/iam-data.js';
import { reviewChange } from '../../src/review/review.js';
import { edit, MINIMAL_CATALOGUE } from '../catalogue/fixtures.js';
import { lint, lintTrust, rules, validateFiles } from './lint-helpers.js';

describe('case 1: NotAction with Allow', () => {
  it('flags {"Effect": "Allow", "NotAction": "example:NoSuchAction", "Resource": "*"} as administrator access', () => {
    const findings = lint({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', NotAction: 'example:NoSuchAction', Resource: '*' },
    });
    const admin = findings.find((finding) => finding.rule === 'policy.admin-equivalent');
    expect(admin?.severity).toBe('error');
    expect(admin?.message).toContain('administrator access');
  });

  it('still flags NotAction ["iam:*", "organizations:*"] on "*" as very broad, failing', () => {
    const findings = lint({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], Resource: '*' },
    });
    expect(rules(findings)).toContain('statement.allow-not-action');
    const broad = findings.find((finding) => finding.rule === 'statement.allow-not-action')!;
    expect(broad.severity).toBe('error');
    expect(broad.message).toContain('except iam:*, organizations:*');
    expect(broad.message).toContain('very broad');
    expect(rules(findings)).not.toContain('policy.admin-equivalent');
  });
});

describe('case 2: single forms and unquoted versions', () => {
  it('reads an unquoted Version: 2012-10-17 in the YAML catalogue as the string "2012-10-17"', async () => {
    const result = await validateFiles({ 'aoa-iam.yaml': MINIMAL_CATALOGUE });
    expect(result.catalogue!.capabilities.get('read-metrics')!.policy.Version).toBe('2012-10-17');
  });

  it('sees no difference between a single statement and the same statement in arrays', async () => {
    const single = await validateFiles({ 'aoa-iam.yaml': MINIMAL_CATALOGUE });
    const arrays = await validateFiles({
      'aoa-iam.yaml': edit(
        MINIMAL_CATALOGUE,
        `      Statement:
        Effect: Allow
        Action: cloudwatch:GetMetricData
        Resource: "*"`,
        `      Statement:
        - Effect: Allow
          Action: [cloudwatch:GetMetricData]
          Resource: ["*"]`,
      ),
    });
    const review = reviewChange(single.roles, arrays.roles);
    expect(review.increases).toEqual([]);
    expect(review.changed).toEqual([]);
    expect(review.unchanged).toBe(single.roles.length);
  });
});

describe('case 4: trust conditions that do not restrict', () => {
  const trust = (condition: unknown) => ({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Principal: {
        Federated: 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com',
      },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: condition,
    },
  });

  it('reports StringEquals on :sub with repo:example-org/* and asks "did you mean StringLike?"', () => {
    const findings = lintTrust(
      trust({
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': 'repo:example-org/*',
        },
      }),
    );
    expect(rules(findings)).toEqual(['isolation.string-equals-wildcard']);
    expect(findings[0]!.message).toContain('Did you mean StringLike?');
    expect(findings[0]!.message).toContain('every repository of example-org');
  });

  it('reports ForAllValues:StringLike on :sub as true when the key is missing, and the org-wide pattern', () => {
    const findings = lintTrust(
      trust({
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        'ForAllValues:StringLike': {
          'token.actions.githubusercontent.com:sub': 'repo:example-org/*',
        },
      }),
    );
    expect(rules(findings)).toEqual([
      'isolation.for-all-values-single-key',
      'isolation.wildcard-subject',
    ]);
    expect(
      findings.find((f) => f.rule === 'isolation.for-all-values-single-key')!.message,
    ).toContain('true when the key is missing');
    expect(findings.find((f) => f.rule === 'isolation.wildcard-subject')!.message).toContain(
      'every repository of example-org',
    );
  });

  it('accepts operators with an IfExists suffix', () => {
    const findings = lintTrust(
      trust({
        StringEqualsIfExists: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': 'repo:example-org/app:ref:refs/heads/main',
        },
      }),
    );
    expect(findings).toEqual([]);
  });
});

describe('case 5: the sum of a role’s inline policies', () => {
  const statements = (capability: string, count: number) =>
    Array.from(
      { length: count },
      (_, index) => `        - Effect: Allow
          Action: [s3:GetObject]
          Resource: arn:aws:s3:::${capability}-bucket-number-${index}/*`,
    ).join('\n');
  const catalogueWith = (perCapability: number) =>
    edit(
      MINIMAL_CATALOGUE,
      'capabilities:\n',
      `capabilities:
${['one', 'two', 'three']
  .map(
    (name) => `  ${name}:
    policy:
      Version: 2012-10-17
      Statement:
${statements(name, perCapability)}
`,
  )
  .join('')}`,
    ).replace('api: [read-metrics]\n      production', 'api: [one, two, three]\n      production');

  it('refuses 180 statements over three inline policies, naming the role, the policies and the count', async () => {
    const result = await validateFiles({ 'aoa-iam.yaml': catalogueWith(60) });
    const size = result.findings.find(
      (finding) => finding.rule === 'limits.inline-policy-size' && finding.severity === 'error',
    );
    expect(size?.message).toMatch(
      /role web-staging-api .* inline policies of \d+ characters in all \(cap-one, cap-three, cap-two\); IAM allows 10240/,
    );
  });

  it('warns at about 90 % of the limit', async () => {
    const result = await validateFiles({ 'aoa-iam.yaml': catalogueWith(33) });
    const size = result.findings.filter((finding) => finding.rule === 'limits.inline-policy-size');
    expect(size.map((finding) => finding.severity)).toEqual(['warning']);
  });
});

describe('case 6: GitHub identities', () => {
  const github = edit(
    MINIMAL_CATALOGUE,
    '        serviceAccount: web-api\n',
    `        serviceAccount: web-api
      main:
        github: { repository: example-org/team-a-app, branch: main }
      prod:
        github: { repository: example-org/team-a-app, environment: production }
      preview:
        github: { repository: example-org/team-a-infra, pullRequest: true }
`,
  ).replace(
    '        api: [read-metrics, read-bucket]\n',
    '        api: [read-metrics, read-bucket]\n        main: [read-metrics]\n        prod: [read-metrics]\n        preview: [read-metrics]\n',
  );

  it('trusts exactly the branch and environment subjects under StringEquals', async () => {
    const result = await validateFiles({ 'aoa-iam.yaml': github });
    const sub = (identity: string) =>
      result.roles.find((role) => role.identity === identity && role.environment === 'production')!
        .trustPolicy.Statement[0]!.Condition!.StringEquals![
        'token.actions.githubusercontent.com:sub'
      ];
    expect(sub('main')).toEqual(['repo:example-org/team-a-app:ref:refs/heads/main']);
    expect(sub('prod')).toEqual(['repo:example-org/team-a-app:environment:production']);
    expect(sub('preview')).toEqual(['repo:example-org/team-a-infra:pull_request']);
  });

  it('says that a branch grant does not cover jobs that declare an environment', async () => {
    const result = await validateFiles({ 'aoa-iam.yaml': github });
    const note = result.findings.find((finding) => finding.rule === 'github.branch-subject');
    expect(note?.message).toContain('that declare an environment');
  });

  it('warns that a pull_request grant cannot be narrowed to a branch', async () => {
    const result = await validateFiles({ 'aoa-iam.yaml': github });
    const warning = result.findings.find((finding) => finding.rule === 'github.pull-request');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('cannot be narrowed to a branch');
    expect(rules(result.findings)).not.toContain('github.pull-request-write');
  });

  const writing = github
    .replace(
      '        preview: [read-metrics]\n',
      '        preview: [read-metrics, read-bucket-write]\n',
    )
    .replace(
      'capabilities:\n',
      `capabilities:
  read-bucket-write:
    policy:
      Version: 2012-10-17
      Statement:
        - Effect: Allow
          Action: [s3:PutObject]
          Resource: arn:aws:s3:::previews/*
`,
    );

  it('refuses a pull_request grant on a role with write access', async () => {
    const result = await validateFiles({ 'aoa-iam.yaml': writing });
    const refusal = result.findings.find((finding) => finding.rule === 'github.pull-request-write');
    expect(refusal?.severity).toBe('error');
    expect(refusal?.suppressed).toBeUndefined();
  });

  it('accepts it when an exception is recorded, and shows the reason', async () => {
    const result = await validateFiles({
      'aoa-iam.yaml': `${writing}exceptions:
  - rule: github.pull-request-write
    app: web
    identity: preview
    reason: Preview environments write their own throw-away bucket.
`,
    });
    const refusal = result.findings.find((finding) => finding.rule === 'github.pull-request-write');
    expect(refusal?.suppressed?.reason).toBe(
      'Preview environments write their own throw-away bucket.',
    );
  });

  it('fails a repository declared immutable whose trust names it by name only', async () => {
    const immutable = edit(
      github,
      'github: { repository: example-org/team-a-app, environment: production }',
      'github: { repository: example-org/team-a-app, environment: production, immutable: { ownerId: "11", repositoryId: "22" } }',
    );
    const result = await validateFiles({ 'aoa-iam.yaml': immutable });
    const role = result.roles.find((each) => each.identity === 'prod')!;
    expect(role.trustedSubject.subject).toBe(
      'repo:example-org@11/team-a-app@22:environment:production',
    );
    expect(rules(result.findings)).not.toContain('github.immutable-subject');
    // A name-only subject for the same identity (as an older compile or a hand edit would write):
    const nameOnly = {
      ...role,
      trustedSubject: {
        ...role.trustedSubject,
        subject: 'repo:example-org/team-a-app:environment:production',
      },
    };
    const findings = checkGitHubSubjects(
      [nameOnly],
      new CatalogueIndex(result.catalogue!),
      sharedIamData(),
    );
    expect(rules(findings)).toContain('github.immutable-subject');
  });
});
