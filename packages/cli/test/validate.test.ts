import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_HEAD, REPO_ROOT, runCli, writeTree } from './run-cli.js';

const EXAMPLE = 'examples/platform/aoa-iam.yaml';
const NOW = ['--now', '2026-12-04T12:00:00Z'];

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  position?: { file: string; line: number; column: number };
  suppressed?: { reason: string };
}

interface SarifResult {
  ruleId: string;
  message: { text: string };
  partialFingerprints: Record<string, string>;
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
  }>;
}

interface JsonRole {
  name: string;
  environment: string;
  account: string;
  boundary: string;
  trustedSubject: { issuer: string; subject: string };
}

function json(stdout: string): {
  findings: JsonFinding[];
  roles: JsonRole[];
  review?: { base: string; increases: Array<{ kind: string; detail: string }> };
  summary: { errors: number; warnings: number; notes: number; suppressed: number };
} {
  return JSON.parse(stdout);
}

describe('aoa-iam validate on the bundled example', () => {
  it('passes with warnings only and exit 0', async () => {
    const run = await runCli(['validate', EXAMPLE, ...NOW]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 errors');
    expect(run.stdout).toMatch(/examples\/platform\/aoa-iam\.yaml:\d+:\d+ warning expiry\.soon/);
  });

  it('writes findings with file, line and column as JSON', async () => {
    const run = await runCli(['validate', EXAMPLE, ...NOW, '--format', 'json']);
    const report = json(run.stdout);
    expect(report.summary.errors).toBe(0);
    for (const finding of report.findings) {
      expect(finding.position?.file).toMatch(/aoa-iam\.yaml$/);
      expect(finding.position?.line).toBeGreaterThan(0);
    }
  });

  it('writes SARIF 2.1.0 with rule help, regions and fingerprints that do not move between runs', async () => {
    const first = JSON.parse(
      (await runCli(['validate', EXAMPLE, '--now', '2026-12-04T00:00:00Z', '--format', 'sarif']))
        .stdout,
    );
    const second = JSON.parse(
      (await runCli(['validate', EXAMPLE, '--now', '2026-12-05T00:00:00Z', '--format', 'sarif']))
        .stdout,
    );
    expect(first.version).toBe('2.1.0');
    const run = first.runs[0];
    expect(run.tool.driver.name).toBe('aoa-iam');
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(rule.shortDescription.text).not.toBe('');
    }
    const expiry = run.results.find((result: SarifResult) => result.ruleId === 'expiry.soon');
    expect(expiry.locations[0].physicalLocation.artifactLocation.uri).toBe(EXAMPLE);
    expect(expiry.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    const later = second.runs[0].results.find(
      (result: SarifResult) => result.ruleId === 'expiry.soon',
    );
    expect(later.message.text).not.toBe(expiry.message.text);
    expect(later.partialFingerprints).toEqual(expiry.partialFingerprints);
  });

  it('writes the report to --output and the summary to stderr', async () => {
    const root = writeTree({});
    const output = path.join(root, 'report.sarif');
    const run = await runCli([
      'validate',
      EXAMPLE,
      ...NOW,
      '--format',
      'sarif',
      '--output',
      output,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`report written to ${output}`);
    expect(JSON.parse(readFileSync(output, 'utf8')).version).toBe('2.1.0');
  });
});

describe('aoa-iam validate refuses unusable input with exit 2', () => {
  it('names a missing catalogue file', async () => {
    const run = await runCli(['validate', 'no/such/aoa-iam.yaml', ...NOW]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('no/such/aoa-iam.yaml:1:1 error catalogue.unreadable');
  });

  it('names the position of malformed YAML', async () => {
    const root = writeTree({ 'aoa-iam.yaml': 'version: aoa-iam/v1\nparent: [unclosed\n' });
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW], root);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/aoa-iam\.yaml:\d+:\d+ error/);
  });

  it('refuses a device named as the catalogue without reading it, for validate and explain', async () => {
    const root = writeTree({});
    symlinkSync('/dev/zero', path.join(root, 'aoa-iam.yaml'));
    for (const command of ['validate', 'explain']) {
      const run = await runCli([command, 'aoa-iam.yaml', ...NOW], root);
      expect(run.code).toBe(2);
      expect(`${run.stdout}${run.stderr}`).toContain(
        'cannot read aoa-iam.yaml: it is not a regular file (a device, pipe or socket)',
      );
    }
  });

  it('refuses an unknown --format and a --now that is no date', async () => {
    expect((await runCli(['validate', EXAMPLE, '--format', 'xml'])).stderr).toContain(
      '--format must be one of text, json, sarif, not "xml"',
    );
    const run = await runCli(['validate', EXAMPLE, '--now', 'tomorrow']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--now must be an ISO 8601 instant');
  });
});

describe('invariants through aoa-iam validate', () => {
  it('invariant 1: every role of the example trusts only its own environment’s issuer and account', async () => {
    const report = json((await runCli(['validate', EXAMPLE, ...NOW, '--format', 'json'])).stdout);
    const text = readFileSync(path.join(REPO_ROOT, EXAMPLE), 'utf8');
    const issuers: Record<string, string> = {
      staging: /oidc\.eks\.[^\s]+5C1A0F1E[^\s]+/.exec(text)![0],
      production: /oidc\.eks\.[^\s]+9F8E7D6C[^\s]+/.exec(text)![0],
    };
    const accounts: Record<string, string> = {
      staging: '111111111111',
      production: '222222222222',
    };
    expect(report.roles.length).toBeGreaterThan(5);
    for (const role of report.roles) {
      expect(role.account).toBe(accounts[role.environment]);
      const other = role.environment === 'staging' ? 'production' : 'staging';
      expect(role.trustedSubject.issuer).not.toBe(issuers[other]);
      expect(role.trustedSubject.subject).not.toMatch(/[*?]/);
    }
  });

  it('invariant 1: refuses production trusting the staging cluster, naming the line', async () => {
    const root = writeTree({
      'aoa-iam.yaml': `${CATALOGUE_HEAD.replace('id/PRODUCTION', 'id/STAGING')}apps:
  web:
    namespace: web
    identities: {api: {serviceAccount: api}}
    grants: {staging: {api: [read]}, production: {api: [read]}}
`,
    });
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/aoa-iam\.yaml:\d+:\d+ error isolation\.shared-provider/);
    expect(run.stdout).toContain(
      'share eks-irsa issuer oidc.eks.eu-west-1.amazonaws.com/id/STAGING',
    );
  });

  const nested = (childAction: string) =>
    writeTree({
      'aoa-iam.yaml': `${CATALOGUE_HEAD}apps:
  obs:
    namespace: obs
    catalogue: obs/aoa-iam.yaml
    identities: {collector: {serviceAccount: collector}}
    grants: {staging: {collector: [read]}}
`,
      'obs/aoa-iam.yaml': `version: aoa-iam/v1
parent: obs
capabilities:
  reports:
    policy:
      Version: 2012-10-17
      Statement:
        - Effect: Allow
          Action: [${childAction}]
          Resource: arn:aws:s3:::data-staging/obs/reports/*
apps:
  grafana:
    namespace: obs
    identities: {server: {serviceAccount: grafana}}
    grants: {staging: {server: [reports]}}
`,
    });

  it('invariant 2: accepts a nested child within its parent', async () => {
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW], nested('s3:GetObject'));
    expect(run.stdout).not.toContain('ceiling.');
    expect(run.code).toBe(0);
  });

  it('invariant 2: refuses a nested child holding more than its parent, naming the action and resource', async () => {
    const run = await runCli(
      ['validate', 'aoa-iam.yaml', ...NOW],
      nested('s3:GetObject, s3:DeleteObject'),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/obs\/aoa-iam\.yaml:\d+:\d+ error ceiling\.exceeds-parent/);
    expect(run.stdout).toContain(
      'holds s3:DeleteObject on arn:aws:s3:::data-staging/obs/reports/* in staging',
    );
  });

  const temporary = writeTree({
    'aoa-iam.yaml': `${CATALOGUE_HEAD}apps:
  web:
    namespace: web
    identities: {api: {serviceAccount: api}}
    grants: {staging: {api: [read]}}
    temporary:
      - identity: api
        environment: production
        capabilities: [read]
        expires: 2026-12-06T00:00:00Z
        reason: INC-7 backfill
`,
  });

  it('invariant 5: a temporary grant before its end is a warning and is derived', async () => {
    const run = await runCli(
      ['validate', 'aoa-iam.yaml', '--now', '2026-12-04T00:00:00Z', '--format', 'json'],
      temporary,
    );
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report.findings.map((finding) => finding.rule)).toContain('expiry.soon');
    expect(report.roles.map((role) => role.name)).toContain('web-production-api');
  });

  it('invariant 5: the warning window for expiry is set with --expiry-warning-days', async () => {
    const args = ['validate', 'aoa-iam.yaml', '--now', '2026-12-04T00:00:00Z', '--format', 'json'];
    const quiet = json((await runCli([...args, '--expiry-warning-days', '1'], temporary)).stdout);
    expect(quiet.findings.map((finding) => finding.rule)).not.toContain('expiry.soon');
  });

  it('invariant 5: an expired temporary grant is an error and no role is derived for it', async () => {
    const run = await runCli(
      ['validate', 'aoa-iam.yaml', '--now', '2026-12-07T00:00:00Z', '--format', 'json'],
      temporary,
    );
    expect(run.code).toBe(1);
    const report = json(run.stdout);
    const expired = report.findings.find((finding) => finding.rule === 'expiry.expired');
    expect(expired?.severity).toBe('error');
    expect(expired?.message).toContain('expired at 2026-12-06T00:00:00Z');
    expect(report.roles.map((role) => role.name)).not.toContain('web-production-api');
  });

  it('invariant 7: every derived role carries its environment’s boundary', async () => {
    const report = json((await runCli(['validate', EXAMPLE, ...NOW, '--format', 'json'])).stdout);
    const boundaries: Record<string, string> = {
      staging: 'arn:aws:iam::111111111111:policy/aoa-iam-boundary',
      production: 'arn:aws:iam::222222222222:policy/aoa-iam-boundary',
    };
    for (const role of report.roles) expect(role.boundary).toBe(boundaries[role.environment]);
    expect(report.findings.filter((finding) => finding.rule.startsWith('boundary.'))).toEqual([]);
  });
});

describe('aoa-iam validate --manifests', () => {
  it('reports a hard-coded access key without echoing it', async () => {
    const root = writeTree({
      'aoa-iam.yaml': `${CATALOGUE_HEAD}apps:
  web:
    namespace: web
    identities: {api: {serviceAccount: api}}
    grants: {staging: {api: [read]}}
`,
      'apps/web/deployment.yaml':
        'env:\n  - name: AWS_ACCESS_KEY_ID\n    value: AKIAQWERTYUIOPASDFGH\n',
    });
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW, '--manifests', 'apps'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'apps/web/deployment.yaml:3:12 error secrets.hard-coded-credentials',
    );
    expect(run.stdout).not.toContain('AKIAQWERTYUIOPASDFGH');
  });
});

describe('aoa-iam validate --base', () => {
  const head = (
    actions: string,
    review = '',
  ) => `${CATALOGUE_HEAD.replace('[s3:GetObject]', actions)}apps:
  web:
    namespace: web
    identities: {api: {serviceAccount: api}}
    grants: {staging: {api: [read]}, production: {api: [read]}}
${review}`;

  function repository(base: string, working: string): string {
    const root = writeTree({ 'aoa-iam.yaml': base });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'add', 'aoa-iam.yaml');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'base');
    writeTree({});
    execFileSync('sh', ['-c', 'cat > aoa-iam.yaml'], { cwd: root, input: working });
    return root;
  }

  it('lists every privilege increase against a git revision first', async () => {
    const root = repository(head('[s3:GetObject]'), head('[s3:GetObject, s3:PutObject]'));
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW, '--base', 'HEAD'], root);
    expect(run.code).toBe(0);
    expect(run.stdout.indexOf('Privilege increases (2):')).toBe(run.stdout.indexOf('\n') + 1);
    expect(run.stdout).toContain(
      'web-production-api (production): new-action: new action s3:PutObject on arn:aws:s3:::data-production/web/* (capability read)',
    );
    expect(run.stdout).toContain('0 added, 0 removed, 2 changed, 0 unchanged.');
  });

  it('reports no increase when only the spelling changes', async () => {
    const root = repository(head('[s3:GetObject]'), head('s3:GetObject'));
    const run = await runCli(
      ['validate', 'aoa-iam.yaml', ...NOW, '--base', 'HEAD', '--format', 'json'],
      root,
    );
    expect(json(run.stdout).review.increases).toEqual([]);
  });

  it('compares against a second catalogue file', async () => {
    const root = writeTree({
      'base.yaml': head('[s3:GetObject]'),
      'aoa-iam.yaml': head('[s3:GetObject, s3:PutObject]'),
    });
    const run = await runCli(
      ['validate', 'aoa-iam.yaml', ...NOW, '--base', 'base.yaml', '--format', 'json'],
      root,
    );
    const review = json(run.stdout).review!;
    expect(review.base).toBe('file base.yaml');
    expect(review.increases.map((increase) => increase.kind)).toEqual(['new-action', 'new-action']);
  });

  const rule =
    'review:\n  increases:\n    labels: [iam-approved]\n    teams: [example-org/platform-security]\n';

  it('fails an increase that lacks the approval the catalogue demands', async () => {
    const root = repository(
      head('[s3:GetObject]', rule),
      head('[s3:GetObject, s3:PutObject]', rule),
    );
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW, '--base', 'HEAD'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error review.approval-required');
    expect(run.stdout).toContain(
      '2 privilege increases need label iam-approved or an approving review by a member of example-org/platform-security',
    );
  });

  it('judges a change by the base rule, so removing the review block does not skip approval', async () => {
    const root = repository(head('[s3:GetObject]', rule), head('[s3:GetObject, s3:PutObject]'));
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW, '--base', 'HEAD'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error review.approval-required');
  });

  it('keeps a renamed environment in the scope of a rule limited to production', async () => {
    const scoped =
      'review:\n  increases:\n    labels: [iam-approved]\n    environments: [production]\n';
    const renamed = head('[s3:GetObject, s3:PutObject]')
      .replaceAll('  production:', '  prod:')
      .replace('production: {api: [read]}', 'prod: {api: [read]}');
    const root = writeTree({
      'base.yaml': head('[s3:GetObject]', scoped),
      'aoa-iam.yaml': renamed,
    });
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW, '--base', 'base.yaml'], root);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('error review.approval-required');
  });

  it('reports a rule scoped to an environment the base does not declare', async () => {
    const scoped =
      'review:\n  increases:\n    labels: [iam-approved]\n    environments: [nonexistent]\n';
    const root = writeTree({
      'base.yaml': head('[s3:GetObject]', scoped),
      'aoa-iam.yaml': head('[s3:GetObject]', scoped),
    });
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW, '--base', 'base.yaml'], root);
    expect(run.stdout).toContain(
      'review.increases.environments names "nonexistent", which the catalogue does not declare',
    );
  });

  it('refuses a base revision that git would read as an option', async () => {
    const root = repository(head('[s3:GetObject]'), head('[s3:GetObject]'));
    const run = await runCli(['validate', 'aoa-iam.yaml', ...NOW, '--base=--output=x'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"--output=x" is not a git revision');
    expect(existsSync(path.join(root, 'x:.'))).toBe(false);
  });

  it('passes the same increase once the label is on the pull request', async () => {
    const root = repository(
      head('[s3:GetObject]', rule),
      head('[s3:GetObject, s3:PutObject]', rule),
    );
    const run = await runCli(
      ['validate', 'aoa-iam.yaml', ...NOW, '--base', 'HEAD', '--label', 'iam-approved'],
      root,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Approval: given: approved by label iam-approved.');
  });
});
