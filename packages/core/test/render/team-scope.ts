import type { DerivedRole } from '../../src/compile/role.js';
import type { RenderScope } from '../../src/render/render-scope.js';

/** ARN of the role the field cases grant to ServiceAccount team-a/app. */
export const TEAM_A_APP = 'arn:aws:iam::111111111111:role/aoa-iam/platform/team-a-app';
/** A role that exists in the environment but is never granted to team-a. */
export const TEAM_B_ADMIN = 'arn:aws:iam::111111111111:role/aoa-iam/platform/team-b-admin';

/** A derived role with the fields render reads; the rest is irrelevant to it. */
export function role(
  app: string,
  identity: string,
  namespace: string,
  serviceAccount: string,
  arn: string,
  mechanism: 'eks-irsa' | 'eks-pod-identity' = 'eks-irsa',
): DerivedRole {
  return {
    name: arn.slice(arn.lastIndexOf('/') + 1),
    path: '/aoa-iam/platform/',
    arn,
    app,
    environment: 'staging',
    identity,
    identitySpec: { kind: 'serviceAccount', serviceAccount, namespace, provider: 'eks' },
    namespace,
    account: '111111111111',
    partition: 'aws',
    region: 'eu-west-1',
    catalogueFile: 'aoa-iam.yaml',
    parents: ['platform'],
    trustedSubject: {
      mechanism,
      provider: 'eks',
      issuer: 'oidc.eks.eu-west-1.amazonaws.com/id/TEST',
      subject: `system:serviceaccount:${namespace}:${serviceAccount}`,
    },
    trustPolicy: { Version: '2012-10-17', Statement: [] },
    inlinePolicies: [],
    boundary: 'arn:aws:iam::111111111111:policy/boundary',
    maxSessionSeconds: 3600,
    description: '',
    tags: {},
  } as DerivedRole;
}

/**
 * The scope of the field cases: app `team-a` in staging holds
 * `team-a-app` for ServiceAccount team-a/app and nothing for worker or
 * collector; `team-b-admin` belongs to team-b.
 */
export function teamAScope(extra: DerivedRole[] = []): RenderScope {
  const app = role('team-a', 'app', 'team-a', 'app', TEAM_A_APP);
  const admin = role('team-b', 'admin', 'team-b', 'admin', TEAM_B_ADMIN);
  const own = [app, ...extra];
  return {
    app: 'team-a',
    environment: 'staging',
    serviceAccounts: own.map((granted) => ({
      namespace: granted.namespace,
      serviceAccount: (granted.identitySpec as { serviceAccount: string }).serviceAccount,
      identity: granted.identity,
      role: granted,
      annotate: granted.trustedSubject.mechanism === 'eks-irsa',
    })),
    rolesByArn: new Map([...own, admin].map((granted) => [granted.arn, granted])),
    accounts: new Set(['111111111111']),
    children: new Map(),
  };
}
