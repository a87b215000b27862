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
  it('lets the parent catalogue accept the escapes of apps nested under obs, showing the reason', async () => {
    const result = await validateFiles(nested(exception('obs'), ''));
    const ceiling = result.findings.find((finding) => finding.rule === 'ceiling.exceeds-parent');
    expect(ceiling?.suppressed?.reason).toBe('Grafana writes its own reports.');
  });

  it('does not let a nested catalogue excuse its own escape', async () => {
    const result = await validateFiles(nested('', exception('grafana')));
    const ceiling = result.findings.find((finding) => finding.rule === 'ceiling.exceeds-parent');
    expect(ceiling?.severity).toBe('error');
    expect(ceiling?.suppressed).toBeUndefined();
    expect(result.findings.map((finding) => finding.rule)).toContain('exception.unused');
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
