import type { Finding, SourcePosition } from '../findings/finding.js';
import type { PolicyDocument } from '../policy/document.js';

/** The version marker every catalogue file starts with. */
export const CATALOGUE_VERSION = 'aoa-iam/v1';

/** Placeholders a capability's policy may use; each is replaced per derived role. */
export const CATALOGUE_PLACEHOLDERS = [
  'account',
  'region',
  'partition',
  'env',
  'app',
  'namespace',
  'serviceAccount',
] as const;
export type CataloguePlaceholder = (typeof CATALOGUE_PLACEHOLDERS)[number];

/** The identity providers an environment can trust. */
export type ProviderType = 'eks-irsa' | 'eks-pod-identity' | 'github-actions' | 'oidc';

/** An identity provider trusted in one environment (one AWS account). */
export interface Provider {
  name: string;
  type: ProviderType;
  /**
   * OIDC issuer host and path without scheme, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/ABC`
   * (IAM keys conditions by it). Set for `eks-irsa`, `github-actions` and `oidc`.
   */
  issuer?: string;
  /** `eks-pod-identity`: the cluster's ARN; `eks-irsa`: the cluster name, informational. */
  cluster?: string;
  /** `oidc`: the audience (`aud`) the issuer puts in its tokens. IRSA and GitHub use `sts.amazonaws.com`. */
  audience?: string;
}

/** One AWS account the catalogue deploys to, named by the user (`staging`, `production`). */
export interface Environment {
  name: string;
  /** Twelve-digit AWS account id, kept as a string so leading zeros survive. */
  account: string;
  region: string;
  /** AWS partition: `aws`, `aws-cn`, `aws-us-gov`, … Default `aws`. */
  partition: string;
  /** ARN of the managed policy every role of this environment carries as its permissions boundary. */
  boundary: string;
  /** Longest session of a role, in seconds (IAM allows 3600–43200). */
  maxSessionSeconds: number;
  /** Longest a temporary grant may last from today, in seconds. */
  maxGrantSeconds: number;
  providers: Map<string, Provider>;
}

/** A functional outcome (`deploy`, `read-metrics`) and the IAM policy that achieves it. */
export interface Capability {
  name: string;
  description?: string;
  /** The policy as written, placeholders unresolved, normalised to lists. */
  policy: PolicyDocument;
  /** File the policy came from when given as `policyFile`, else the catalogue file. */
  policySource: string;
  /** JSON pointer of the policy inside `policySource` (`''` for a whole policy file). */
  policyPointer: string;
  /** Positions inside a `policyFile`, keyed by JSON pointer; unset for an inline policy. */
  policyPositions?: Map<string, SourcePosition>;
}

/** GitHub Actions job identity: one repository and exactly one subject selector. */
export interface GitHubIdentity {
  kind: 'github';
  repository: string;
  /** Exactly one of these is set. `environment` may use `${env}`. */
  branch?: string;
  tag?: string;
  environment?: string;
  pullRequest?: boolean;
  /** Present when the repository uses GitHub's immutable subject claims (`owner@id/repo@id`). */
  immutable?: { ownerId: string; repositoryId: string };
  provider: string;
}

/** Kubernetes service account, trusted through IRSA or EKS Pod Identity. */
export interface ServiceAccountIdentity {
  kind: 'serviceAccount';
  serviceAccount: string;
  /** Defaults to the app's namespace. */
  namespace: string;
  provider: string;
}

/** Any other OIDC subject (Okta, Auth0, …) of a named `oidc` provider. */
export interface OidcIdentity {
  kind: 'oidc';
  subject: string;
  provider: string;
}

export type IdentitySpec = GitHubIdentity | ServiceAccountIdentity | OidcIdentity;

/** A named identity of an app, the same name in every environment. */
export interface Identity {
  name: string;
  spec: IdentitySpec;
}

/** A capability granted for a limited time, with the reason an auditor reads. */
export interface TemporaryGrant {
  identity: string;
  environment: string;
  capabilities: string[];
  /** ISO 8601 instant, UTC. */
  expires: string;
  reason: string;
  /** JSON pointer of this grant in its catalogue, for findings. */
  pointer: string;
}

/** A child Argo CD Application, by its Argo CD name. */
export interface App {
  name: string;
  description?: string;
  namespace: string;
  identities: Map<string, Identity>;
  /** environment → identity → capability names. */
  grants: Map<string, Map<string, string[]>>;
  temporary: TemporaryGrant[];
  /** Set when this child is itself a parent with a catalogue of its own. */
  nested?: Catalogue;
  /** Path of the nested catalogue as written, relative to this catalogue's file. */
  nestedPath?: string;
}

/** A finding the catalogue deliberately accepts, with the reason reviewers read. */
export interface Exception {
  rule: string;
  reason: string;
  app?: string;
  environment?: string;
  identity?: string;
  capability?: string;
  pointer: string;
}

/**
 * One loaded catalogue file. The root catalogue declares the environments; a
 * nested catalogue inherits them and may only narrow what its parent granted.
 */
export interface Catalogue {
  /** The file as the user named it. */
  file: string;
  /** Name of the Argo CD app whose repository path holds this catalogue. */
  parent: string;
  /** IAM path for every role the tree derives, e.g. `/aoa-iam/platform/`. */
  rolePath: string;
  environments: Map<string, Environment>;
  capabilities: Map<string, Capability>;
  apps: Map<string, App>;
  exceptions: Exception[];
  /** The `review:` block as written (the approval rule for privilege increases), if any. */
  review?: unknown;
  /** Where each value sits: JSON pointer → position. See {@link positionOf}. */
  positions: Map<string, SourcePosition>;
  /** Chain of catalogues above this one, root first; empty for the root. */
  ancestors: string[];
  /** sha256 of the file's bytes; the catalogue revision when no git revision is given. */
  digest: string;
}

/** What loading produced: a catalogue when it was usable, and every finding on the way. */
export interface LoadResult {
  catalogue?: Catalogue;
  findings: Finding[];
}

/**
 * Position of the value at `pointer`, or of its nearest ancestor that has one,
 * so a finding about a derived value still points at the line that caused it.
 */
export function positionOf(catalogue: Catalogue, pointer: string): SourcePosition | undefined {
  let current = pointer;
  for (;;) {
    const found = catalogue.positions.get(current);
    if (found) return found;
    if (current === '') return undefined;
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Joins segments into a JSON pointer. */
export function pointerOf(...segments: Array<string | number>): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}
