import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPolicy } from '../../src/checks/lint-policy.js';
import { checkTrustConditions } from '../../src/checks/trust-conditions.js';
import { sharedIamData } from '../../src/policy/iam-data.js';
import { CORPUS_ROOT, corpusFiles, readCorpusFile } from './shared-corpus.js';

const GOLDEN = path.join(import.meta.dirname, '../golden/shared-corpus-findings.json');
const present = existsSync(CORPUS_ROOT);
if (!present) console.warn(`skipping the shared corpus tests: ${CORPUS_ROOT} is not there`);

/** Findings per corpus file, in a form a reviewer reads and a diff shows. */
function findingsPerFile(): Record<string, unknown> {
  const iam = sharedIamData();
  const result: Record<string, unknown> = {};
  for (const file of [...corpusFiles('policies'), ...corpusFiles('trust')]) {
    const read = readCorpusFile(file);
    if (read.unreadable) {
      result[file] = { unreadable: read.unreadable };
      continue;
    }
    result[file] = read.policies.map((policy) => ({
      pointer: policy.pointer,
      kind: policy.kind,
      findings: (policy.kind === 'trust'
        ? checkTrustConditions(policy.site)
        : lintPolicy(policy.site, iam)
      ).map((finding) => ({
        rule: finding.rule,
        severity: finding.severity,
        at: finding.position ? `${finding.position.line}:${finding.position.column}` : '',
        message: finding.message,
      })),
    }));
  }
  return result;
}

describe.skipIf(!present)('real policies of the shared corpus', () => {
  const actual = findingsPerFile();

  it('gives the recorded findings per file (UPDATE_GOLDEN=1 rewrites the record for review)', () => {
    if (process.env.UPDATE_GOLDEN === '1')
      writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  const flat = (file: string) =>
    (actual[file] as Array<{ findings: Array<{ rule: string; message: string }> }>).flatMap(
      (policy) => policy.findings,
    );

  it('does not report Describe*/List* actions on Resource "*"', () => {
    const findings = flat('policies/aws-load-balancer-controller/docs/install/iam_policy.json');
    const wildcard = findings.filter((finding) => finding.rule === 'resource.wildcard');
    for (const finding of wildcard) expect(finding.message).not.toMatch(/ec2:Describe|:List/);
  });

  it('reports write actions on Resource "*" (cluster-autoscaler)', () => {
    const findings = flat(
      'policies/autoscaler/cluster-autoscaler/cloudprovider/aws/README.md.L41-L68.json',
    );
    expect(
      findings.some(
        (finding) =>
          finding.rule === 'resource.wildcard' &&
          finding.message.includes('autoscaling:SetDesiredCapacity'),
      ),
    ).toBe(true);
  });

  it('understands every partition of the load-balancer controller policy alike', () => {
    const rulesOf = (file: string) =>
      flat(file)
        .map((finding) => finding.rule)
        .sort();
    const commercial = rulesOf(
      'policies/aws-load-balancer-controller/docs/install/iam_policy.json',
    );
    expect(
      rulesOf('policies/aws-load-balancer-controller/docs/install/iam_policy_cn.json'),
    ).toEqual(commercial);
    expect(
      rulesOf('policies/aws-load-balancer-controller/docs/install/iam_policy_us-gov.json'),
    ).toEqual(commercial);
    expect(
      rulesOf('policies/aws-load-balancer-controller/docs/install/iam_policy_eusc.json'),
    ).toEqual(commercial);
    expect(
      flat('policies/aws-load-balancer-controller/docs/install/iam_policy_cn.json').filter(
        (f) => f.rule === 'resource.no-matching-type',
      ),
    ).toEqual([]);
  });

  it('does not mistake ${aws:PrincipalTag/…} for a catalogue placeholder or an unknown thing', () => {
    const findings = flat(
      'policies/aws-ebs-csi-driver/docs/AmazonEBSCSIDriverEKSClusterScopedPolicy.json',
    );
    expect(findings.filter((finding) => finding.message.includes('PrincipalTag'))).toEqual([]);
  });

  it('reports the GitHub trust with only a StringLike subject and no audience', () => {
    const findings = flat(
      'trust/configure-aws-credentials/examples/federated-setup/github-actions-oidc-federation-and-role.yml',
    );
    expect(findings.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(['isolation.missing-audience', 'isolation.wildcard-subject']),
    );
  });
});
