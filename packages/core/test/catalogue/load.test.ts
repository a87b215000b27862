import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { edit, MINIMAL_CATALOGUE, temporaryTree } from './fixtures.js';

async function loadText(text: string | Uint8Array, extra: Record<string, string> = {}) {
  const root = temporaryTree({ 'aoa-iam.yaml': text, ...extra });
  const file = path.join(root, 'aoa-iam.yaml');
  const result = await loadCatalogue(file);
  const where = (line: number, column: number) => ({ file, line, column });
  return { ...result, file, root, where };
}

describe('loading a catalogue', () => {
  it('loads the bundled platform example and its nested observability catalogue without findings', async () => {
    const result = await loadCatalogue(
      '../../examples/platform/aoa-iam.yaml'.replace('../../', `${process.cwd()}/`),
    );
    expect(result.findings).toEqual([]);
    const observability = result.catalogue?.apps.get('observability');
    expect(observability?.nested?.parent).toBe('observability');
    expect([...(observability?.nested?.apps.keys() ?? [])]).toEqual(['grafana']);
    expect(observability?.nested?.environments).toBe(result.catalogue?.environments);
  });

  it('reads YAML 1.2 core values: no, on and an unquoted date stay strings', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '    namespace: web\n',
      '    namespace: web\n    description: no\n',
    ).replace('apps:\n', 'apps:\n  on:\n    namespace: on\n');
    const { catalogue, findings } = await loadText(text);
    expect(findings).toEqual([]);
    expect(catalogue?.apps.get('web')?.description).toBe('no');
    expect(catalogue?.apps.get('on')?.namespace).toBe('on');
    expect(catalogue?.capabilities.get('read-metrics')?.policy.Version).toBe('2012-10-17');
  });

  it('normalises a single Statement object and single strings into lists', async () => {
    const { catalogue } = await loadText(MINIMAL_CATALOGUE);
    expect(catalogue?.capabilities.get('read-metrics')?.policy.Statement).toEqual([
      { Effect: 'Allow', Action: ['cloudwatch:GetMetricData'], Resource: ['*'] },
    ]);
  });

  it('names an unknown field with its position and the field it was probably meant to be', async () => {
    const { findings, where } = await loadText(
      edit(
        MINIMAL_CATALOGUE,
        '    region: eu-west-1\n    boundary: arn:aws:iam::111111111111',
        '    regoin: eu-west-1\n    boundary: arn:aws:iam::111111111111',
      ),
    );
    expect(findings).toContainEqual({
      rule: 'catalogue.schema',
      severity: 'error',
      message: 'unknown field "regoin" in "environments.staging"',
      fix: 'Remove it, or use one of: account, region, partition, boundary, maxSession, maxGrant, providers (did you mean "region"?).',
      position: where(6, 5),
    });
  });

  it('refuses an account id written as a number, pointing at the value', async () => {
    const { findings, where } = await loadText(
      edit(MINIMAL_CATALOGUE, 'account: "111111111111"', 'account: 111111111111'),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      message: '"environments.staging.account" must be a string, found number 111111111111',
      fix: 'Write a string here (Twelve-digit AWS account id. Quote it so leading zeros survive).',
      position: where(5, 14),
    });
  });

  it('refuses duplicate keys, naming both lines', async () => {
    const { findings, where } = await loadText(
      edit(MINIMAL_CATALOGUE, '    namespace: web\n', '    namespace: web\n    namespace: web2\n'),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'catalogue.unreadable',
        message: 'duplicate key "namespace" (first at line 41, again at line 42)',
        position: where(42, 5),
      }),
    ]);
  });

  it('refuses an unknown placeholder but lets IAM policy variables through', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '${env}-${app}/${serviceAccount}/*',
      '${bucket}/${aws:username}/*',
    );
    const { findings, where } = await loadText(text);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'catalogue.placeholder',
        message: 'capability "read-bucket" uses the unknown placeholder ${bucket}',
        position: where(38, 21),
      }),
    ]);
  });

  it('reports dangling references to capabilities, environments and identities with a did-you-mean', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        api: [read-metrics]\n      production:',
      '        api: [read-metric]\n        worker: [read-metrics]\n      prodution:',
    );
    const { findings, catalogue } = await loadText(text);
    expect(catalogue).toBeUndefined();
    expect(
      findings.map((finding) => [finding.message, finding.fix, finding.position?.line]),
    ).toEqual([
      [
        'app "web" names the capability "read-metric", which does not exist',
        'Use one of: read-metrics, read-bucket (did you mean "read-metrics"?); or declare "read-metric".',
        47,
      ],
      [
        'app "web" in staging names the identity "worker", which does not exist',
        'Use one of: api; or declare "worker".',
        48,
      ],
      [
        'app "web" names the environment "prodution", which does not exist',
        'Use one of: staging, production (did you mean "production"?); or declare "prodution".',
        49,
      ],
    ]);
  });

  it('refuses an identity whose provider the environment does not declare', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        serviceAccount: web-api\n',
      '        serviceAccount: web-api\n        provider: pods\n',
    );
    const { findings } = await loadText(text);
    expect(findings[0]?.message).toBe(
      'identity "api" of app "web" uses provider "pods", which environment "staging" does not declare',
    );
    expect(findings[0]?.fix).toBe(
      'Set "provider: eks" on the identity (fitting providers in staging: eks).',
    );
  });

  it('refuses a GitHub identity pointed at an EKS provider', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        serviceAccount: web-api\n',
      '        serviceAccount: web-api\n      ci:\n        github: { repository: example-org/web, branch: main }\n        provider: eks\n',
    ).replace(
      '        api: [read-metrics]\n      production:',
      '        api: [read-metrics]\n        ci: [read-metrics]\n      production:',
    );
    const { findings } = await loadText(text);
    expect(findings.map((finding) => finding.message)).toEqual([
      'identity "ci" of app "web" is a github identity, but provider "eks" in "staging" is of type eks-irsa',
    ]);
  });

  it('refuses a session length outside IAM range', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '    boundary: arn:aws:iam::111111111111:policy/boundary\n',
      '    boundary: arn:aws:iam::111111111111:policy/boundary\n    maxSession: 13h\n',
    );
    const { findings } = await loadText(text);
    expect(findings.map((finding) => finding.message)).toEqual([
      'environment "staging" sets maxSession 13h (46800 s); IAM accepts 3600–43200 s',
    ]);
  });

  it('asks for exactly one GitHub subject selector', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        serviceAccount: web-api\n',
      '        serviceAccount: web-api\n      ci:\n        github: { repository: example-org/web, branch: main, environment: production }\n',
    );
    const { findings } = await loadText(text);
    expect(findings.map((finding) => [finding.message, finding.fix])).toEqual([
      [
        '"apps.web.identities.ci.github" sets branch and environment; only one of them is allowed',
        'Keep exactly one of branch, tag, environment, pullRequest.',
      ],
    ]);
  });
});

describe('refusing hostile input', () => {
  it('refuses an empty file', async () => {
    const { findings, where } = await loadText('');
    expect(findings).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/is empty$/),
        position: where(1, 1),
      }),
    ]);
  });

  it('refuses a file of only comments', async () => {
    const { findings } = await loadText('# nothing here\n');
    expect(findings[0]?.message).toMatch(/is empty$/);
  });

  it('refuses binary garbage', async () => {
    const { findings } = await loadText(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
    );
    expect(findings[0]?.message).toMatch(/is not UTF-8 text \(a NUL byte at offset 8\)$/);
  });

  it('refuses a file over the size limit without parsing it', async () => {
    const { findings } = await loadText(`${MINIMAL_CATALOGUE}#${'x'.repeat(8 * 1024 * 1024)}\n`);
    expect(findings[0]?.message).toMatch(/is \d+ bytes, over the limit of 8388608 bytes$/);
  });

  it('refuses an alias bomb: nine levels of nine aliases each', async () => {
    const lines = [
      'version: aoa-iam/v1',
      'parent: platform',
      'bomb:',
      '  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
    ];
    for (let level = 1; level < 9; level++) {
      lines.push(
        `  l${level}: &l${level} [${Array(9)
          .fill(`*l${level - 1}`)
          .join(', ')}]`,
      );
    }
    const { findings, catalogue } = await loadText(`${lines.join('\n')}\n`);
    expect(catalogue).toBeUndefined();
    expect(findings[0]?.message).toMatch(/more than 100 alias expansions\)$/);
  });

  it('refuses nesting deeper than the limit', async () => {
    const { findings } = await loadText(
      `version: aoa-iam/v1\nparent: p\ndeep: ${'['.repeat(100)}${']'.repeat(100)}\n`,
    );
    expect(findings[0]?.message).toBe('nesting deeper than 64 levels');
  });

  it('refuses several YAML documents in one file', async () => {
    const { findings } = await loadText(`${MINIMAL_CATALOGUE}---\n${MINIMAL_CATALOGUE}`);
    expect(findings[0]?.message).toMatch(
      /holds 2 YAML documents; a catalogue or policy file is one document$/,
    );
  });

  it('refuses malformed YAML with the position of the fault', async () => {
    const { findings, where } = await loadText('version: aoa-iam/v1\nparent: [platform\n');
    expect(findings[0]).toMatchObject({
      rule: 'catalogue.unreadable',
      position: { file: where(1, 1).file },
    });
    expect(findings[0]?.message).toMatch(/^malformed YAML: /);
  });

  it('refuses custom tags such as CloudFormation intrinsics', async () => {
    const { findings } = await loadText(
      edit(MINIMAL_CATALOGUE, 'Resource: "*"', 'Resource: !Sub "arn:aws:s3:::x"'),
    );
    expect(findings[0]?.fix).toBe(
      'Remove the custom tag: a catalogue uses plain YAML values only.',
    );
  });
});

describe('nested catalogues', () => {
  const root = edit(
    MINIMAL_CATALOGUE,
    '    namespace: web\n',
    '    namespace: web\n    catalogue: web/aoa-iam.yaml\n',
  );
  const nested = 'version: aoa-iam/v1\nparent: web\napps:\n  web-worker:\n    namespace: web\n';

  it('loads a nested catalogue that names its app as parent', async () => {
    const { findings, catalogue } = await loadText(root, { 'web/aoa-iam.yaml': nested });
    expect(findings).toEqual([]);
    expect(catalogue?.apps.get('web')?.nested?.ancestors).toEqual(['platform']);
  });

  it('refuses a nested catalogue that names another parent or declares environments', async () => {
    const { findings } = await loadText(root, {
      'web/aoa-iam.yaml': nested
        .replace('parent: web', 'parent: shop')
        .concat('environments: {}\n'),
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(
        /^this nested catalogue says "parent: shop", but it is the catalogue of app "web" in /,
      ),
      expect.stringMatching(
        /^a nested catalogue may not declare "environments"; it inherits them from /,
      ),
    ]);
  });

  it('refuses a cycle of catalogues', async () => {
    const { findings } = await loadText(root, {
      'web/aoa-iam.yaml': nested.replace(
        '    namespace: web\n',
        '    namespace: web\n    catalogue: ../aoa-iam.yaml\n',
      ),
    });
    expect(
      findings.some((finding) =>
        /already on the chain above it \(a cycle\)$/.test(finding.message),
      ),
    ).toBe(true);
  });

  it('refuses a missing nested catalogue at the line that names it', async () => {
    const { findings, where } = await loadText(root);
    expect(findings).toEqual([
      expect.objectContaining({
        rule: 'catalogue.nesting',
        message: expect.stringMatching(/web\/aoa-iam.yaml: no such file$/),
        position: where(42, 5),
      }),
    ]);
  });

  it('refuses a nested catalogue behind a symlink that leads out of the root', async () => {
    const outside = temporaryTree({ 'aoa-iam.yaml': nested });
    const tree = temporaryTree({ 'aoa-iam.yaml': root });
    symlinkSync(outside, path.join(tree, 'web'));
    const result = await loadCatalogue(path.join(tree, 'aoa-iam.yaml'), { root: tree });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(/lies outside .* \(a symlink leads out\)$/),
    ]);
  });
});

describe('policy files', () => {
  it('reads a JSON policy file and maps its shell placeholders to catalogue ones', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '  read-metrics:\n    policy:\n      Version: 2012-10-17\n      Statement:\n        Effect: Allow\n        Action: cloudwatch:GetMetricData\n        Resource: "*"\n',
      '  read-metrics:\n    policyFile:\n      path: policies/metrics.json\n      substitute: { AWS_PARTITION: "${partition}" }\n',
    );
    const policy =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudwatch:GetMetricData","Resource":"arn:${AWS_PARTITION}:cloudwatch:*:*:alarm:*"}]}';
    const { findings, catalogue } = await loadText(text, { 'policies/metrics.json': policy });
    expect(findings).toEqual([]);
    expect(catalogue?.capabilities.get('read-metrics')?.policy.Statement[0]?.Resource).toEqual([
      'arn:${partition}:cloudwatch:*:*:alarm:*',
    ]);
  });

  it('reports a placeholder of the policy file that has no substitution', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '  read-metrics:\n    policy:\n      Version: 2012-10-17\n      Statement:\n        Effect: Allow\n        Action: cloudwatch:GetMetricData\n        Resource: "*"\n',
      '  read-metrics:\n    policyFile: policies/metrics.json\n',
    );
    const policy =
      '{"Statement":{"Effect":"Allow","Action":"cloudwatch:GetMetricData","Resource":"arn:${AWS_PARTITION}:cloudwatch:*:*:alarm:*"}}';
    const { findings, root } = await loadText(text, { 'policies/metrics.json': policy });
    expect(findings.map((finding) => [finding.message, finding.position])).toEqual([
      [
        'capability "read-metrics" uses the unknown placeholder ${AWS_PARTITION}',
        { file: path.join(root, 'policies/metrics.json'), line: 1, column: 79 },
      ],
    ]);
  });
});

describe('refusing what a pull request could abuse', () => {
  const withPolicyFile = (file: string) =>
    edit(
      MINIMAL_CATALOGUE,
      '  read-metrics:\n    policy:\n      Version: 2012-10-17\n      Statement:\n        Effect: Allow\n        Action: cloudwatch:GetMetricData\n        Resource: "*"\n',
      `  read-metrics:\n    policyFile: ${file}\n`,
    );

  it('refuses a device such as /dev/zero without reading it', async () => {
    const tree = temporaryTree({});
    symlinkSync('/dev/zero', path.join(tree, 'zero.yaml'));
    const result = await loadCatalogue(path.join(tree, 'zero.yaml'));
    expect(result.findings.map((finding) => finding.message)).toEqual([
      `cannot read ${path.join(tree, 'zero.yaml')}: it is not a regular file (a device, pipe or socket)`,
    ]);
  });

  it('never reads a policy file inside .git, where the checkout token lives', async () => {
    const token = `AUTHORIZATION: basic ${Buffer.from('x-access-token:ghs_notarealtoken').toString('base64')}`;
    const { findings } = await loadText(withPolicyFile('.git/config'), {
      '.git/config': `[http]\n\textraheader = ${token}\n`,
    });
    expect(findings.map((finding) => finding.message)).toEqual([
      expect.stringMatching(
        /^policy file of capability "read-metrics": .*\.git\/config lies inside a \.git directory, which aoa-iam never reads$/,
      ),
    ]);
  });

  it('does not echo the text of a file that is not YAML', async () => {
    const { findings } = await loadText(withPolicyFile('notes.txt'), {
      'notes.txt': 'x-sensitive-header = "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw"\n  : [\n',
    });
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding.message).not.toContain('c2VjcmV0');
  });

  it.each(['2027-02-29T00:00:00Z', '2026-02-30T10:00:00Z', '2026-12-04T24:00:00Z'])(
    'refuses the impossible expiry %s',
    async (expires) => {
      const text = edit(
        MINIMAL_CATALOGUE,
        '        api: [read-metrics, read-bucket]\n',
        `        api: [read-metrics, read-bucket]\n    temporary:\n      - { identity: api, environment: staging, capabilities: [read-bucket], expires: "${expires}", reason: Debug the export job. }\n`,
      );
      const { findings } = await loadText(text);
      expect(findings.map((finding) => finding.message)).toEqual([
        `temporary grant 1 of app "web" expires at "${expires}", which is not a real date`,
      ]);
    },
  );

  it.each(['${env}-${app', '${}', '${aws:}', '${:x}'])(
    'refuses the malformed placeholder %s',
    async (resource) => {
      const { findings } = await loadText(
        edit(MINIMAL_CATALOGUE, '${env}-${app}/${serviceAccount}/*', resource),
      );
      expect(findings.map((finding) => finding.message)).toContainEqual(
        'capability "read-bucket" has a malformed ${…}: unclosed, empty, or an IAM variable without a key',
      );
    },
  );

  it('accepts IAM escapes and policy variables with defaults', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '${env}-${app}/${serviceAccount}/*',
      "${aws:PrincipalTag/team, 'none'}/${*}/${$}",
    );
    expect((await loadText(text)).findings).toEqual([]);
  });

  it.each([
    [
      'an OIDC subject that is a policy variable',
      "oidc: { provider: okta, subject: '${example.okta.com/oauth2/default:sub}' }",
      'oidc subject',
    ],
    [
      'a GitHub branch pattern',
      'github: { repository: example-org/web, branch: "release/*" }',
      'github branch',
    ],
    [
      'a GitHub environment variable',
      "github: { repository: example-org/web, environment: '${token.actions.githubusercontent.com:environment}' }",
      'github environment',
    ],
  ])('refuses %s as a trust subject (invariant 1)', async (_, spec, field) => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION\n',
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION\n      okta: { type: oidc, issuer: example.okta.com/oauth2/default, audience: api://aoa }\n',
    ).replace(
      '        serviceAccount: web-api\n',
      `        serviceAccount: web-api\n      loose:\n        ${spec}\n`,
    );
    const { findings } = await loadText(text);
    expect(
      findings.map((finding) => [finding.rule, finding.message.split(' has ')[1]?.split('"')[0]]),
    ).toEqual([['catalogue.identity-subject', `${field} `]]);
  });

  it('refuses a boundary that limits nothing or sits in another partition, and a foreign Pod Identity cluster', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '    boundary: arn:aws:iam::111111111111:policy/boundary\n    providers:\n',
      '    boundary: arn:aws:iam::aws:policy/AdministratorAccess\n    providers:\n      pods: { type: eks-pod-identity, cluster: "arn:aws:eks:eu-west-1:222222222222:cluster/prod" }\n',
    ).replace(
      '    boundary: arn:aws:iam::222222222222:policy/boundary\n',
      '    boundary: arn:aws-cn:iam::222222222222:policy/boundary\n',
    );
    const { findings } = await loadText(text);
    expect(findings.map((finding) => finding.rule).sort()).toEqual([
      'catalogue.boundary-partition',
      'catalogue.boundary-unlimited',
      'catalogue.cluster-account',
    ]);
  });
});

describe('further hostile inputs', () => {
  it.each(['PowerUserAccess', 'IAMFullAccess', 'AdministratorAccess-Amplify'])(
    'refuses the AWS managed policy %s as a boundary',
    async (name) => {
      const text = edit(
        MINIMAL_CATALOGUE,
        'boundary: arn:aws:iam::111111111111:policy/boundary',
        `boundary: arn:aws:iam::aws:policy/${name}`,
      );
      const { findings } = await loadText(text);
      expect(findings.map((finding) => finding.rule)).toEqual(['catalogue.boundary-unlimited']);
    },
  );

  it('refuses a named pipe without waiting for a writer', async () => {
    const tree = temporaryTree({});
    const fifo = path.join(tree, 'aoa-iam.yaml');
    execFileSync('mkfifo', [fifo]);
    const result = await loadCatalogue(fifo);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      `cannot read ${fifo}: it is not a regular file (a device, pipe or socket)`,
    ]);
  });

  it('quotes at most a short excerpt of a value that is not a catalogue', async () => {
    const netrc =
      'machine github.com login x-access-token password 9f8e7d6c5b4a3928170615e4d3c2b1a0ffeeddcc';
    const { findings } = await loadText(`${JSON.stringify(netrc)}\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).not.toContain('password 9f8e');
    expect(findings[0]?.message).toMatch(/\(\d+ characters\)$/);
  });
});

describe('issuers and subjects that would slip past isolation', () => {
  it('refuses an issuer with a trailing slash and an OIDC subject of spaces', async () => {
    const text = edit(
      MINIMAL_CATALOGUE,
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION\n',
      '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/STAGING/\n      okta: { type: oidc, issuer: example.okta.com/oauth2/default, audience: api://aoa }\n',
    ).replace(
      '        serviceAccount: web-api\n',
      '        serviceAccount: web-api\n      blank:\n        oidc: { provider: okta, subject: "  " }\n',
    );
    const { findings } = await loadText(text);
    expect(findings.map((finding) => finding.message)).toEqual([
      '"environments.production.providers.eks.issuer" is "oidc.eks.eu-west-1.amazonaws.com/id…" (44 characters), which is not valid here',
      '"apps.web.identities.blank.oidc.subject" is "  ", which is not valid here',
    ]);
  });
});
