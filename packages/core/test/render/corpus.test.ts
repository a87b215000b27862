import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CST, Parser } from 'yaml';
import { scanDocumentSpans } from '../../src/render/document-spans.js';
import { addedLines, CORPUS, HAS_CORPUS, kustomizeCommand, runBuiltCli } from './run-built-cli.js';

// Real manifests from ../shared/corpus, rendered with the EKS add-ons example
// catalogue through the built CLI: the output must be the input plus the role
// annotations, nothing else.
const CATALOGUE = 'examples/eks-addons/aoa-iam.yaml';
const MANIFESTS = path.join(CORPUS, 'manifests');
const KUSTOMIZE = kustomizeCommand();
const NOW = '2026-12-05T00:00:00Z';
const DEV = 'arn:aws:iam::333333333333:role/aoa-iam/eks-addons';

if (!HAS_CORPUS) console.warn(`skipping the corpus render tests: ${CORPUS} is not there`);
if (!KUSTOMIZE)
  console.warn('skipping the kustomize corpus tests: neither kustomize nor kubectl is on PATH');

function render(app: string, file: string, ...extra: string[]) {
  return runBuiltCli(
    [
      'render',
      '--catalogue',
      CATALOGUE,
      '--environment',
      'dev',
      '--app',
      app,
      '--now',
      NOW,
      ...extra,
      '-',
    ],
    readFileSync(file, 'utf8'),
  );
}

describe.skipIf(!HAS_CORPUS)('render on the corpus manifests', () => {
  const annotated: Array<[string, string]> = [
    ['aws-load-balancer-controller', 'aws-load-balancer-controller/docs/install/v2_2_4_full.yaml'],
    ['aws-load-balancer-controller', 'aws-load-balancer-controller/test/prow/v2_8_2_adc.yaml'],
    [
      'cluster-autoscaler',
      'autoscaler/cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-autodiscover.yaml',
    ],
    [
      'cluster-autoscaler',
      'autoscaler/cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-one-asg.yaml',
    ],
    [
      'cluster-autoscaler',
      'autoscaler/cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-multi-asg.yaml',
    ],
    [
      'cluster-autoscaler',
      'autoscaler/cluster-autoscaler/cloudprovider/aws/examples/cluster-autoscaler-run-on-control-plane.yaml',
    ],
  ];

  it.each(annotated)('%s: %s comes out as written plus one role annotation', (app, file) => {
    const input = readFileSync(path.join(MANIFESTS, file), 'utf8');

    const run = render(app, path.join(MANIFESTS, file));

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(addedLines(input, run.stdout)).toEqual([
      'annotations:',
      `eks.amazonaws.com/role-arn: ${DEV}/${app}-dev-controller`,
    ]);
  });

  it('passes the 17,000-line cert-manager install through byte for byte when it holds no granted ServiceAccount', () => {
    const file = path.join(MANIFESTS, 'aws-load-balancer-controller/test/prow/cert_manager.yaml');

    const run = render('aws-load-balancer-controller', file);

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(file, 'utf8'));
    expect(run.stderr).toContain(
      'system:serviceaccount:kube-system:aws-load-balancer-controller is granted',
    );
  });

  it.skipIf(!KUSTOMIZE)(
    'takes the namespace of the aws-ebs-csi-driver base from its kustomization',
    () => {
      const base = path.join(MANIFESTS, 'aws-ebs-csi-driver/deploy/kubernetes/base');
      const built = spawnSync(KUSTOMIZE![0]!, [KUSTOMIZE![1]!, '.'], {
        cwd: base,
        encoding: 'utf8',
      });

      const run = runBuiltCli([
        'render',
        base,
        '--catalogue',
        CATALOGUE,
        '--environment',
        'dev',
        '--app',
        'aws-ebs-csi-driver',
        '--now',
        NOW,
      ]);

      expect(run.status).toBe(0);
      expect(addedLines(built.stdout, run.stdout)).toEqual([
        'annotations:',
        `eks.amazonaws.com/role-arn: ${DEV}/aws-ebs-csi-driver-dev-controller`,
      ]);
      expect(run.stdout).toMatch(/name: ebs-csi-controller-sa\n {2}namespace: kube-system\n/);
    },
  );

  it.skipIf(!KUSTOMIZE)(
    'matches external-dns, whose kustomization names no namespace, by the destination namespace',
    () => {
      const folder = path.join(MANIFESTS, 'external-dns/kustomize');
      const built = spawnSync(KUSTOMIZE![0]!, [KUSTOMIZE![1]!, '.'], {
        cwd: folder,
        encoding: 'utf8',
      });
      const args = [
        '--catalogue',
        CATALOGUE,
        '--environment',
        'dev',
        '--app',
        'external-dns',
        '--now',
        NOW,
      ];

      const withDestination = runBuiltCli([
        'render',
        folder,
        ...args,
        '--namespace',
        'external-dns',
      ]);
      const without = runBuiltCli(['render', folder, ...args]);

      expect(withDestination.status).toBe(0);
      expect(addedLines(built.stdout, withDestination.stdout)).toEqual([
        'annotations:',
        `eks.amazonaws.com/role-arn: ${DEV}/external-dns-dev-controller`,
      ]);
      expect(without.stdout).not.toContain('role-arn');
      expect(without.stderr).toContain(
        'system:serviceaccount:external-dns:external-dns is granted',
      );
    },
  );

  it('finds the same documents as the yaml package on every corpus manifest', () => {
    const files = readdirSync(MANIFESTS, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.yaml'))
      .map((file) => path.join(MANIFESTS, file));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const fromParser = [...new Parser().parse(text)]
        .filter((token) => token.type === 'document')
        .map((token) => [token.offset, token.offset + CST.stringify(token).length]);
      const fromScanner = scanDocumentSpans(text).map((span) => [span.markerStart, span.end]);
      expect({ file, spans: fromScanner }).toEqual({ file, spans: fromParser });
    }
  });
});
