import { createHash } from 'node:crypto';
import { IAM_ROLE_NAME_MAX } from './iam-limits.js';

/** Hex digits of the hash that keeps a shortened name unique. */
const HASH_LENGTH = 8;

/**
 * The role name for one app, environment and identity: `<app>-<env>-<identity>`.
 * Catalogue names are lower-case letters, digits and `-`, so the name is always
 * within IAM's characters; past 64 characters it keeps a readable prefix and
 * ends in a stable hash of the full name, so it never changes between runs and
 * two long names that share a prefix still differ.
 */
export function deriveRoleName(app: string, environment: string, identity: string): string {
  const full = `${app}-${environment}-${identity}`;
  if (full.length <= IAM_ROLE_NAME_MAX) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
  const prefix = full.slice(0, IAM_ROLE_NAME_MAX - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${prefix}-${hash}`;
}

/** The ARN IAM gives a role with this name and path. */
export function roleArn(partition: string, account: string, path: string, name: string): string {
  return `arn:${partition}:iam::${account}:role${path}${name}`;
}
