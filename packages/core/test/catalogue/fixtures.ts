import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A small but complete root catalogue; tests change one thing in it at a time. */
export const MINIMAL_CATALOGUE = `version: aoa-iam/v1
parent: platform
environments:
  staging:
    account: "111111111111"
    region: eu-west-1
    boundary: arn:aws:iam::111111111111:policy/boundary
    providers:
      eks:
        type: eks-irsa
        issuer: oidc.eks.eu-west-1.amazonaws.com/id/STAGING
      github:
        type: github-actions
  production:
    account: "222222222222"
    region: eu-west-1
    boundary: arn:aws:iam::222222222222:policy/boundary
    providers:
      eks:
        type: eks-irsa
        issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION
      github:
        type: github-actions
capabilities:
  read-metrics:
    policy:
      Version: 2012-10-17
      Statement:
        Effect: Allow
        Action: cloudwatch:GetMetricData
        Resource: "*"
  read-bucket:
    policy:
      Version: 2012-10-17
      Statement:
        - Effect: Allow
          Action: [s3:GetObject]
          Resource: arn:\${partition}:s3:::\${env}-\${app}/\${serviceAccount}/*
apps:
  web:
    namespace: web
    identities:
      api:
        serviceAccount: web-api
    grants:
      staging:
        api: [read-metrics]
      production:
        api: [read-metrics, read-bucket]
`;

/** Creates a temporary directory holding `files` (relative path → text or bytes). */
export function temporaryTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aoa-iam-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

/** Replaces exactly one occurrence of `from`; fails loudly when the fixture drifted. */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) {
    throw new Error(`fixture edit: "${from}" must occur exactly once`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}
