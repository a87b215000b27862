import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/findings/finding.js';
import { renderFindingsJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderFindingsText } from '../../src/report/text.js';

const suppressed: Finding = {
  rule: 'github.pull-request-write',
  severity: 'error',
  message:
    'role web-staging-pr trusts every pull request of example-org/web and has Write access (capabilities push).',
  fix: 'Grant only List/Read capabilities to pull_request identities.',
  position: { file: 'aoa-iam.yaml', line: 12, column: 7 },
  subject: { app: 'web', identity: 'pr' },
  suppressed: {
    reason: 'Previews write only their bucket.',
    position: { file: 'aoa-iam.yaml', line: 30, column: 5 },
  },
};
const leaking: Finding = {
  rule: 'secrets.hard-coded-credentials',
  severity: 'error',
  message: 'copied value AKIAQWERTYUIOPASDFGH should never print',
  fix: 'Delete it.',
};

describe('reports', () => {
  it('shows a suppressed finding with its reason, and does not count it as an error', () => {
    const text = renderFindingsText([suppressed]);
    expect(text).toContain('aoa-iam.yaml:12:7 error github.pull-request-write');
    expect(text).toContain(
      '  suppressed: Previews write only their bucket. (exception at aoa-iam.yaml:30:5)',
    );
    expect(text.trim().split('\n').at(-1)).toBe('0 errors, 0 warnings, 0 notes (1 suppressed)');
  });

  it('masks credentials in every format', () => {
    for (const output of [
      renderFindingsText([leaking]),
      renderFindingsJson([leaking]),
      renderSarif([leaking], { toolVersion: '0.1.0', fallbackFile: 'aoa-iam.yaml' }),
    ]) {
      expect(output).not.toContain('AKIAQWERTYUIOPASDFGH');
      expect(output).toContain('***');
    }
  });

  it('gives SARIF results a location even without a position, and suppressions with the reason', () => {
    const log = JSON.parse(
      renderSarif([suppressed, leaking], { toolVersion: '0.1.0', fallbackFile: 'aoa-iam.yaml' }),
    );
    const [first, second] = log.runs[0].results;
    expect(first.suppressions).toEqual([
      { kind: 'inSource', justification: 'Previews write only their bucket.' },
    ]);
    expect(second.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'aoa-iam.yaml' },
      region: { startLine: 1, startColumn: 1 },
    });
    expect(log.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual([
      'github.pull-request-write',
      'secrets.hard-coded-credentials',
    ]);
    expect(first.ruleIndex).toBe(0);
    expect(second.ruleIndex).toBe(1);
  });

  it('keeps a fingerprint when the line moves', () => {
    const moved = { ...suppressed, position: { file: 'aoa-iam.yaml', line: 40, column: 7 } };
    const fingerprint = (finding: Finding) =>
      JSON.parse(renderSarif([finding], { toolVersion: '0.1.0' })).runs[0].results[0]
        .partialFingerprints;
    expect(fingerprint(moved)).toEqual(fingerprint(suppressed));
  });
});
