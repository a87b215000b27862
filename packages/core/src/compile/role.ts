import type { IdentitySpec } from '../catalogue/model.js';
import type { PolicyDocument } from '../policy/document.js';

/** The principal a derived role trusts, in the words a reviewer checks. */
export interface TrustedSubject {
  /** How the identity reaches AWS. */
  mechanism: 'eks-irsa' | 'eks-pod-identity' | 'github-actions' | 'oidc';
  /** Name of the environment's provider. */
  provider: string;
  /** OIDC issuer (host/path) or, for Pod Identity, the cluster ARN. */
  issuer: string;
  /**
   * The exact subject: `system:serviceaccount:NS:SA`, `repo:OWNER/REPO:environment:NAME`,
   * an OIDC `sub`, or for Pod Identity `NS/SA`.
   */
  subject: string;
  /** Audience required of the token, when the mechanism has one. */
  audience?: string;
}

/** One inline permission policy of a role. aoa-iam writes one per capability. */
export interface InlinePolicy {
  /** `cap-<capability>` for permanent grants, `temp-<capability>` for temporary ones. */
  name: string;
  capability: string;
  document: PolicyDocument;
  /** Set for a temporary grant: when it ends (ISO 8601, UTC) and why it exists. */
  temporary?: { expires: string; reason: string };
}

/**
 * Everything aoa-iam derives for one (app, environment, identity) that holds
 * capabilities: the IAM role exactly as apply should create it.
 */
export interface DerivedRole {
  /** IAM role name: at most 64 characters of `[\w+=,.@-]`, unique in the account. */
  name: string;
  /** IAM path, `/…/`. */
  path: string;
  arn: string;
  app: string;
  environment: string;
  identity: string;
  identitySpec: IdentitySpec;
  /** Kubernetes namespace of the app (the service account's, for service-account identities). */
  namespace: string;
  account: string;
  partition: string;
  region: string;
  /** The catalogue file that declares the app. */
  catalogueFile: string;
  /** Parents from the root down to the app's own parent. */
  parents: string[];
  trustedSubject: TrustedSubject;
  trustPolicy: PolicyDocument;
  /** Sorted by name, permanent policies before temporary ones. */
  inlinePolicies: InlinePolicy[];
  /** ARN of the permissions boundary (invariant 7). */
  boundary: string;
  maxSessionSeconds: number;
  description: string;
  /** Ownership and provenance tags, sorted by key. */
  tags: Record<string, string>;
  /**
   * Latest expiry among temporary grants when the role exists only because of
   * them; after it the role has no reason to exist and apply deletes it.
   */
  expires?: string;
}

/** Tag keys aoa-iam writes. apply owns a role only when both ownership tags match. */
export const TAG_MANAGED_BY = 'aoa-iam:managed-by';
export const TAG_PARENT = 'aoa-iam:parent';
export const TAG_APP = 'aoa-iam:app';
export const TAG_ENVIRONMENT = 'aoa-iam:environment';
export const TAG_IDENTITY = 'aoa-iam:identity';
export const TAG_EXPIRES = 'aoa-iam:expires';
export const TAG_REVISION = 'aoa-iam:revision';
/** Value of {@link TAG_MANAGED_BY}. */
export const MANAGED_BY_VALUE = 'aoa-iam';
