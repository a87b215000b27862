/** Values the action tests share. None is a real credential; each only has the right shape. */

/** Access keys shaped as AWS's documentation examples, for the IAM emulator. */
export const TEST_AWS_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

/** The start of a generated catalogue: one `staging` environment (account 111111111111) with IRSA. */
export const STAGING_ONLY_HEADER: readonly string[] = [
  'version: aoa-iam/v1',
  'parent: platform',
  'environments:',
  '  staging:',
  '    account: "111111111111"',
  '    region: eu-west-1',
  '    boundary: arn:aws:iam::111111111111:policy/aoa-iam-boundary',
  '    maxSession: 1h',
  '    maxGrant: 30d',
  '    providers:',
  '      eks:',
  '        type: eks-irsa',
  '        issuer: oidc.eks.eu-west-1.amazonaws.com/id/5C1A0F1E2B3D4C5E6F708192A3B4C5D6',
];
