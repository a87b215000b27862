import { describe, expect, it } from 'vitest';
import { MINIMAL_CATALOGUE } from '../catalogue/fixtures.js';
import { validateFiles } from './lint-helpers.js';

const nested = (rootExceptions: string, childExceptions: string) => ({
  'aoa-iam.yaml': `${MINIMAL_CATALOGUE}  obs:
    namespace: obs
    catalogue: obs/aoa-iam.yaml
    identities: {collector: {serviceAccount: collector}}
    grants: {staging: {collector: [read-bucket]}}
${rootExceptions}`,
  'obs/aoa-iam.yaml': `version: aoa-iam/v1
parent: obs
capabilities:
  write:
    policy:
      Version: 2012-10-17
      Statement:
        - {Effect: Allow, Action: s3:PutObject, Resource: "arn:aws:s3:::data-staging/obs/*"}
apps:
  grafana:
    namespace: obs
    identities: {server: {serviceAccount: grafana}}
    grants: {staging: {server: [write]}}
${childExceptions}`,
});

const exception = (app: string) =>
  `exceptions:\n  - {rule: ceiling.exceeds-parent, app: ${app}, reason: Grafana writes its own reports.}\n`;

describe('exceptions', () => {
  it('lets neither the parent nor the nested catalogue accept a ceiling escape (invariant 2)', async () => {
    for (const files of [nested(exception('obs'), ''), nested('', exception('grafana'))]) {
      const result = await validateFiles(files);
      const ceiling = result.findings.find((finding) => finding.rule === 'ceiling.exceeds-parent');
      expect(ceiling?.severity).toBe('error');
      expect(ceiling?.suppressed).toBeUndefined();
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          rule: 'exception.not-allowed',
          severity: 'error',
          message:
            'exception for ceiling.exceeds-parent cannot be accepted: the rule enforces invariant 2, which no exception silences',
        }),
      );
    }
  });

  it('never silences a cross-environment trust, not even through a prefix (invariant 1)', async () => {
    const crossing = MINIMAL_CATALOGUE.replace(
      '        serviceAccount: web-api\n',
      '        serviceAccount: web-api\n      rel:\n        github: { repository: example-org/web, environment: staging }\n',
    ).replace(
      '        api: [read-metrics, read-bucket]\n',
      '        api: [read-metrics, read-bucket]\n        rel: [read-metrics]\n',
    );
    for (const rule of ['isolation.cross-environment-trust', 'isolation.*']) {
      const result = await validateFiles({
        'aoa-iam.yaml': `${crossing}exceptions:\n  - {rule: ${rule}, reason: We accept the staging environment here.}\n`,
      });
      const crossingFinding = result.findings.find(
        (finding) => finding.rule === 'isolation.cross-environment-trust',
      );
      expect(crossingFinding?.severity).toBe('error');
      expect(crossingFinding?.suppressed).toBeUndefined();
    }
  });

  it('reports an exception that silences nothing', async () => {
    const result = await validateFiles({
      'aoa-iam.yaml': `${MINIMAL_CATALOGUE}exceptions:
  - {rule: github.pull-request-write, app: web, reason: Old preview bucket.}
`,
    });
    const unused = result.findings.find((finding) => finding.rule === 'exception.unused');
    expect(unused?.message).toBe(
      'exception for github.pull-request-write (app web) matches no finding; its reason was: Old preview bucket.',
    );
    expect(unused?.position?.line).toBeGreaterThan(0);
  });
});
