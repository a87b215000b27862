import { parseDuration } from './duration.js';
import {
  DEFAULT_MAX_GRANT_SECONDS,
  DEFAULT_MAX_SESSION_SECONDS,
  IAM_MAX_SESSION_SECONDS,
  IAM_MIN_SESSION_SECONDS,
} from './limits.js';
import type { Environment, Provider } from './model.js';
import { pointerOf } from './model.js';
import type { RawEnvironment } from './raw-catalogue.js';
import type { ReferenceChecker } from './reference-checker.js';

/** Builds the environments of a root catalogue, checking IAM's session range. */
export function resolveEnvironments(
  raw: Record<string, RawEnvironment>,
  check: ReferenceChecker,
): Map<string, Environment> {
  const environments = new Map<string, Environment>();
  for (const [name, env] of Object.entries(raw)) {
    const pointer = pointerOf('environments', name);
    const maxSessionSeconds = env.maxSession
      ? parseDuration(env.maxSession)
      : DEFAULT_MAX_SESSION_SECONDS;
    if (
      maxSessionSeconds < IAM_MIN_SESSION_SECONDS ||
      maxSessionSeconds > IAM_MAX_SESSION_SECONDS
    ) {
      check.report(
        'catalogue.session-range',
        `${pointer}/maxSession`,
        `environment "${name}" sets maxSession ${env.maxSession} (${maxSessionSeconds} s); IAM accepts ${IAM_MIN_SESSION_SECONDS}–${IAM_MAX_SESSION_SECONDS} s`,
        'Write a value from 1h to 12h.',
      );
    }
    const providers = new Map<string, Provider>();
    for (const [providerName, provider] of Object.entries(env.providers)) {
      providers.set(providerName, {
        name: providerName,
        type: provider.type,
        issuer:
          provider.type === 'github-actions'
            ? (provider.issuer ?? GITHUB_ACTIONS_ISSUER)
            : provider.issuer,
        cluster: provider.cluster,
        audience: provider.audience,
      });
    }
    environments.set(name, {
      name,
      account: env.account,
      region: env.region,
      partition: env.partition ?? 'aws',
      boundary: env.boundary,
      maxSessionSeconds,
      maxGrantSeconds: env.maxGrant ? parseDuration(env.maxGrant) : DEFAULT_MAX_GRANT_SECONDS,
      providers,
    });
    checkBoundaryAndClusters(name, environments.get(name)!, pointer, check);
    const boundaryAccount = /^arn:[a-z-]+:iam::([0-9]{12}|aws):/.exec(env.boundary)?.[1];
    if (boundaryAccount && boundaryAccount !== 'aws' && boundaryAccount !== env.account) {
      check.report(
        'catalogue.boundary-account',
        `${pointer}/boundary`,
        `environment "${name}" uses a boundary in account ${boundaryAccount}, not its own account ${env.account}`,
        `Point "boundary" at a policy in ${env.account}; IAM attaches boundaries only from the role's own account or AWS managed policies.`,
      );
    }
  }
  return environments;
}

/**
 * AWS managed policies too broad to bound anything: administrator access (and
 * its service-specific variants), everything but IAM, or all of IAM.
 */
function isUnlimitedBoundary(name: string): boolean {
  return (
    /^AdministratorAccess(-|$)/.test(name) || name === 'PowerUserAccess' || name === 'IAMFullAccess'
  );
}

/**
 * The boundary must be in the environment's partition and actually bound
 * something (invariant 7); a Pod Identity cluster must be in the environment's
 * own account and partition, or the role could never be assumed there.
 */
function checkBoundaryAndClusters(
  name: string,
  environment: Environment,
  pointer: string,
  check: ReferenceChecker,
): void {
  const boundary = /^arn:([a-z-]+):iam::([0-9]{12}|aws):policy\/(.+)$/.exec(environment.boundary);
  if (boundary && boundary[1] !== environment.partition) {
    check.report(
      'catalogue.boundary-partition',
      `${pointer}/boundary`,
      `environment "${name}" is in partition ${environment.partition}, but its boundary is an ${boundary[1]} ARN`,
      `Write the boundary as arn:${environment.partition}:iam::${environment.account}:policy/….`,
    );
  }
  if (boundary && boundary[2] === 'aws' && isUnlimitedBoundary(boundary[3]!)) {
    check.report(
      'catalogue.boundary-unlimited',
      `${pointer}/boundary`,
      `environment "${name}" uses ${boundary[3]} as its permissions boundary, which is too broad to bound anything`,
      'Write a boundary policy that allows only the services your apps use, and deny IAM and Organizations changes in it.',
    );
  }
  for (const provider of environment.providers.values()) {
    if (provider.type !== 'eks-pod-identity' || !provider.cluster) continue;
    const cluster = /^arn:([a-z-]+):eks:[a-z0-9-]+:([0-9]{12}):cluster\//.exec(provider.cluster);
    if (cluster && (cluster[2] !== environment.account || cluster[1] !== environment.partition)) {
      check.report(
        'catalogue.cluster-account',
        `${pointer}/providers/${provider.name}/cluster`,
        `provider "${provider.name}" of environment "${name}" names a cluster in ${cluster[1]} account ${cluster[2]}, not the environment's own ${environment.partition} account ${environment.account}`,
        "Name the EKS cluster of this environment's account; Pod Identity assumes roles in the cluster's own account only.",
      );
    }
  }
}

/** Issuer of GitHub Actions' OIDC tokens on github.com. */
export const GITHUB_ACTIONS_ISSUER = 'token.actions.githubusercontent.com';
