import type { RoleDetail } from '@aws-sdk/client-iam';
import { decodePolicyText } from '../compare/canonical-policy.js';

/** One IAM role as it is in the account, documents already URL-decoded. */
export interface LiveRole {
  name: string;
  path: string;
  arn: string;
  roleId: string;
  /** ISO 8601. */
  created?: string;
  /** The trust policy's JSON text as IAM holds it. */
  trustPolicy: string;
  /** Inline policy name → JSON text. */
  inlinePolicies: Map<string, string>;
  /** Attached managed policies. */
  attachedPolicies: Array<{ name: string; arn: string }>;
  instanceProfiles: string[];
  boundary?: string;
  tags: Record<string, string>;
  /** Unknown when the role is outside aoa-iam's path (ListRoles is only asked for that path). */
  maxSessionSeconds?: number;
  description?: string;
  /** When the role was last used to make a request, ISO 8601; undefined: never (in IAM's window). */
  lastUsed?: string;
  lastUsedRegion?: string;
}

/** Turns one `RoleDetail` of GetAccountAuthorizationDetails into a {@link LiveRole}. */
export function liveRoleFromDetail(detail: RoleDetail): LiveRole {
  const tags: Record<string, string> = {};
  for (const tag of detail.Tags ?? []) {
    if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? '';
  }
  const inlinePolicies = new Map<string, string>();
  for (const policy of detail.RolePolicyList ?? []) {
    if (policy.PolicyName)
      inlinePolicies.set(policy.PolicyName, decodePolicyText(policy.PolicyDocument ?? ''));
  }
  return {
    name: detail.RoleName ?? '',
    path: detail.Path ?? '/',
    arn: detail.Arn ?? '',
    roleId: detail.RoleId ?? '',
    created: detail.CreateDate?.toISOString(),
    trustPolicy: decodePolicyText(detail.AssumeRolePolicyDocument ?? ''),
    inlinePolicies,
    attachedPolicies: (detail.AttachedManagedPolicies ?? []).map((policy) => ({
      name: policy.PolicyName ?? '',
      arn: policy.PolicyArn ?? '',
    })),
    instanceProfiles: (detail.InstanceProfileList ?? []).map(
      (profile) => profile.InstanceProfileName ?? '',
    ),
    boundary: detail.PermissionsBoundary?.PermissionsBoundaryArn,
    tags,
    lastUsed: detail.RoleLastUsed?.LastUsedDate?.toISOString(),
    lastUsedRegion: detail.RoleLastUsed?.Region,
  };
}
