import type { Environment, Identity, Provider } from '../catalogue/model.js';
import type { PolicyDocument } from '../policy/document.js';
import { POLICY_VERSION } from '../policy/document.js';
import type { TrustedSubject } from './role.js';

/** Audience AWS STS expects in IRSA and GitHub Actions tokens. */
export const STS_AUDIENCE = 'sts.amazonaws.com';
/** Service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';

/**
 * The subject one identity presents in one environment. `${env}` in a GitHub
 * environment name is the catalogue environment's name.
 */
export function trustedSubject(
  identity: Identity,
  environment: Environment,
  provider: Provider,
): TrustedSubject {
  const spec = identity.spec;
  switch (spec.kind) {
    case 'serviceAccount':
      if (provider.type === 'eks-pod-identity') {
        return {
          mechanism: 'eks-pod-identity',
          provider: provider.name,
          issuer: provider.cluster!,
          subject: `${spec.namespace}/${spec.serviceAccount}`,
        };
      }
      return {
        mechanism: 'eks-irsa',
        provider: provider.name,
        issuer: provider.issuer!,
        subject: `system:serviceaccount:${spec.namespace}:${spec.serviceAccount}`,
        audience: STS_AUDIENCE,
      };
    case 'github':
      return {
        mechanism: 'github-actions',
        provider: provider.name,
        issuer: provider.issuer!,
        subject: githubSubject(spec, environment.name),
        audience: STS_AUDIENCE,
      };
    case 'oidc':
      return {
        mechanism: 'oidc',
        provider: provider.name,
        issuer: provider.issuer!,
        subject: spec.subject,
        audience: provider.audience!,
      };
  }
}

/**
 * GitHub's default `sub` claim. A job that declares an environment gets the
 * environment form, never the branch form; immutable-claim repositories carry
 * `owner@ownerId/repo@repositoryId`.
 */
export function githubSubject(
  spec: Extract<Identity['spec'], { kind: 'github' }>,
  environmentName: string,
): string {
  const [owner, repo] = spec.repository.split('/') as [string, string];
  const repository = spec.immutable
    ? `${owner}@${spec.immutable.ownerId}/${repo}@${spec.immutable.repositoryId}`
    : `${owner}/${repo}`;
  const base = `repo:${repository}`;
  if (spec.branch !== undefined) return `${base}:ref:refs/heads/${spec.branch}`;
  if (spec.tag !== undefined) return `${base}:ref:refs/tags/${spec.tag}`;
  if (spec.environment !== undefined) {
    return `${base}:environment:${spec.environment.replaceAll('${env}', environmentName)}`;
  }
  return `${base}:pull_request`;
}

/** The trust policy that lets exactly this subject, and nothing else, assume the role. */
export function trustPolicy(subject: TrustedSubject, environment: Environment): PolicyDocument {
  if (subject.mechanism === 'eks-pod-identity') {
    const [namespace, serviceAccount] = subject.subject.split('/') as [string, string];
    return {
      Version: POLICY_VERSION,
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: [POD_IDENTITY_PRINCIPAL] },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: {
            StringEquals: {
              'aws:SourceAccount': [environment.account],
              'aws:RequestTag/eks-cluster-arn': [subject.issuer],
              'aws:RequestTag/kubernetes-namespace': [namespace],
              'aws:RequestTag/kubernetes-service-account': [serviceAccount],
            },
          },
        },
      ],
    };
  }
  const providerArn = `arn:${environment.partition}:iam::${environment.account}:oidc-provider/${subject.issuer}`;
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: [providerArn] },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: {
            [`${subject.issuer}:aud`]: [subject.audience!],
            [`${subject.issuer}:sub`]: [subject.subject],
          },
        },
      },
    ],
  };
}
