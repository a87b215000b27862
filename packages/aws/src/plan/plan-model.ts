import type { Finding } from '@aoa-iam/core';

/** One IAM write call apply makes, as data: what plan shows is exactly what apply does. */
export type Step =
  | {
      op: 'CreateRole';
      role: string;
      path: string;
      trustPolicy: string;
      boundary: string;
      maxSessionSeconds: number;
      description: string;
      tags: Record<string, string>;
    }
  | { op: 'PutRolePolicy'; role: string; policyName: string; document: string }
  | { op: 'DeleteRolePolicy'; role: string; policyName: string }
  | { op: 'UpdateAssumeRolePolicy'; role: string; document: string }
  | { op: 'PutRolePermissionsBoundary'; role: string; boundary: string }
  | { op: 'UpdateRole'; role: string; description: string; maxSessionSeconds: number }
  | { op: 'TagRole'; role: string; tags: Record<string, string> }
  | { op: 'UntagRole'; role: string; keys: string[] }
  | { op: 'DetachRolePolicy'; role: string; policyArn: string }
  | { op: 'RemoveRoleFromInstanceProfile'; role: string; instanceProfile: string }
  | { op: 'DeleteRole'; role: string };

/** The field of a role that differs between the live account and the catalogue. */
export type DifferenceField =
  | 'role'
  | 'trust-policy'
  | 'boundary'
  | 'max-session'
  | 'description'
  | 'tag'
  | 'inline-policy'
  | 'attached-policy'
  | 'instance-profile'
  | 'revocation';

/** One field-level difference, for people and for `--format json`. */
export interface Difference {
  field: DifferenceField;
  /** Policy name, tag key or policy ARN, when the field has many. */
  name?: string;
  /** `add`: missing live; `remove`: live but not in the catalogue; `change`: both, unequal. */
  change: 'add' | 'change' | 'remove';
  /** Live value (documents in canonical JSON); absent for `add`. */
  live?: string;
  /** Catalogue value; absent for `remove`. */
  desired?: string;
  /** Why, when the field alone does not say (e.g. `temporary grant expired 2026-12-01T00:00:00Z`). */
  note?: string;
}

/** What apply will do to one role. */
export interface RoleChange {
  action: 'create' | 'update' | 'delete';
  role: string;
  arn: string;
  app?: string;
  /** One sentence: why this change. */
  reason: string;
  differences: Difference[];
  /** The write calls, in the order apply makes them. */
  steps: Step[];
}

/** The live account against the catalogue for one environment. */
export interface Plan {
  environment: string;
  account: string;
  /** ISO 8601 instant the plan was made for (expiry is judged against it). */
  now: string;
  /** Sorted by role name. */
  changes: RoleChange[];
  /** Roles already as the catalogue says. */
  unchanged: string[];
  /** Name collisions with roles aoa-iam does not own, and other reasons not to apply. */
  errors: Finding[];
  /** IAM read calls the plan made. */
  readCalls: number;
}

/** True when applying the plan would write anything. */
export function planHasChanges(plan: Plan): boolean {
  return plan.changes.length > 0;
}
