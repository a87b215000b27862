// Generates a large, valid catalogue for benchmarks: APPS apps × 3 environments
// × 3 identities (two service accounts and one GitHub environment), each holding
// two capabilities, so every (app, environment, identity) derives a role.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ENVIRONMENTS = [
  ['dev', '333333333333'],
  ['staging', '111111111111'],
  ['production', '222222222222'],
];

/** Writes the catalogue to `directory/aoa-iam.yaml` and returns its path. */
export function generateCatalogue(directory, apps = 1000) {
  const lines = ['version: aoa-iam/v1', 'parent: bench-platform', 'environments:'];
  for (const [name, account] of ENVIRONMENTS) {
    lines.push(
      `  ${name}:`,
      `    account: "${account}"`,
      '    region: eu-west-1',
      `    boundary: arn:aws:iam::${account}:policy/aoa-iam-boundary`,
      '    providers:',
      '      eks:',
      '        type: eks-irsa',
      `        issuer: oidc.eks.eu-west-1.amazonaws.com/id/${name.toUpperCase()}0123456789ABCDEF`,
      '      github:',
      '        type: github-actions',
    );
  }
  lines.push(
    'capabilities:',
    '  read-metrics:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [cloudwatch:GetMetricData, cloudwatch:ListMetrics]',
    '          Resource: "*"',
    '  read-queue:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]',
    '          Resource: arn:${partition}:sqs:${region}:${account}:${env}-${app}-events',
    '  store-objects:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [s3:GetObject, s3:PutObject]',
    '          Resource: arn:${partition}:s3:::bench-${env}-data/${app}/*',
    '  deploy:',
    '    policy:',
    '      Version: 2012-10-17',
    '      Statement:',
    '        - Effect: Allow',
    '          Action: [ecr:PutImage, ecr:UploadLayerPart, ecr:CompleteLayerUpload]',
    '          Resource: arn:${partition}:ecr:${region}:${account}:repository/${app}',
    'apps:',
  );
  for (let index = 0; index < apps; index++) {
    const app = `service-${String(index).padStart(4, '0')}`;
    lines.push(
      `  ${app}:`,
      `    namespace: ns-${index % 50}`,
      '    identities:',
      '      api:',
      `        serviceAccount: ${app}-api`,
      '      worker:',
      `        serviceAccount: ${app}-worker`,
      '      release:',
      '        github:',
      `          repository: example-org/${app}`,
      '          environment: ${env}',
      '    grants:',
    );
    for (const [environment] of ENVIRONMENTS) {
      lines.push(
        `      ${environment}:`,
        '        api: [read-metrics, store-objects]',
        '        worker: [read-queue, read-metrics]',
        '        release: [deploy]',
      );
    }
  }
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, 'aoa-iam.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
