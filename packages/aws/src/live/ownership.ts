import { MANAGED_BY_VALUE, TAG_ENVIRONMENT, TAG_MANAGED_BY, TAG_PARENT } from '@aoa-iam/core';
import type { LiveRole } from './live-role.js';

/** Which roles one run may touch: the catalogue tree's path, root parent and environment. */
export interface OwnershipScope {
  /** IAM path of every derived role, e.g. `/aoa-iam/platform/`. */
  rolePath: string;
  /** Name of the root catalogue's parent app, written to the parent tag. */
  parent: string;
  /** The environment being planned; owned roles of other environments are left alone. */
  environment: string;
}

/**
 * True when aoa-iam owns the role for this catalogue tree: its path is the
 * tree's path AND its tags say aoa-iam manages it for this root parent. A
 * matching name alone is never enough (invariant 4).
 */
export function isOwned(role: LiveRole, scope: OwnershipScope): boolean {
  return (
    role.path === scope.rolePath &&
    role.tags[TAG_MANAGED_BY] === MANAGED_BY_VALUE &&
    role.tags[TAG_PARENT] === scope.parent
  );
}

/** True for an owned role that belongs to the environment being planned. */
export function isOwnedInEnvironment(role: LiveRole, scope: OwnershipScope): boolean {
  return isOwned(role, scope) && role.tags[TAG_ENVIRONMENT] === scope.environment;
}

/** Why a role is not aoa-iam's, in words for an error message. */
export function whyNotOwned(role: LiveRole, scope: OwnershipScope): string {
  const reasons: string[] = [];
  if (role.path !== scope.rolePath) reasons.push(`its path is ${role.path}, not ${scope.rolePath}`);
  const managedBy = role.tags[TAG_MANAGED_BY];
  if (managedBy !== MANAGED_BY_VALUE) {
    reasons.push(
      managedBy === undefined
        ? `it has no ${TAG_MANAGED_BY} tag`
        : `its ${TAG_MANAGED_BY} tag is "${managedBy}"`,
    );
  } else if (role.tags[TAG_PARENT] !== scope.parent) {
    reasons.push(
      `its ${TAG_PARENT} tag is "${role.tags[TAG_PARENT] ?? ''}", not "${scope.parent}"`,
    );
  }
  return reasons.join(' and ');
}
