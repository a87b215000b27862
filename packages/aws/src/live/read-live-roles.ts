import {
  GetAccountAuthorizationDetailsCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
  ListRolesCommand,
  type ListRolesCommandOutput,
} from '@aws-sdk/client-iam';
import { retryTransient } from '../apply/retry-policy.js';
import type { Logger } from '../logger.js';
import { type LiveRole, liveRoleFromDetail } from './live-role.js';

/** Largest page IAM gives for GetAccountAuthorizationDetails and ListRoles. */
export const IAM_PAGE_SIZE = 1_000;

/** Every role of the account, and how many IAM calls reading them took. */
export interface LiveAccount {
  /** Sorted by name. */
  roles: LiveRole[];
  /** IAM read calls made (pages, not SDK retries). */
  calls: number;
}

/**
 * Reads every role of the account in pages of 1,000: trust policy, inline and
 * attached policies, boundary, tags and last use from
 * GetAccountAuthorizationDetails (filter Role). Its RoleDetail has no
 * MaxSessionDuration and no Description, so a ListRoles pass limited to
 * aoa-iam's path adds those for the roles aoa-iam may own: for 5,000 roles,
 * five pages of each.
 */
export async function readLiveRoles(
  iam: IAMClient,
  rolePath: string,
  logger: Logger,
): Promise<LiveAccount> {
  const roles: LiveRole[] = [];
  let calls = 0;
  let marker: string | undefined;
  do {
    const request = new GetAccountAuthorizationDetailsCommand({
      Filter: ['Role'],
      MaxItems: IAM_PAGE_SIZE,
      Marker: marker,
    });
    const page: GetAccountAuthorizationDetailsCommandOutput = await retryTransient(
      'GetAccountAuthorizationDetails',
      () => iam.send(request),
      (message) => logger.debug(message),
    );
    calls++;
    for (const detail of page.RoleDetailList ?? []) roles.push(liveRoleFromDetail(detail));
    // IAM may answer fewer items than MaxItems while more remain: only IsTruncated says when to stop.
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  logger.debug(`read ${roles.length} roles in ${calls} GetAccountAuthorizationDetails pages`);

  const byName = new Map(roles.map((role) => [role.name, role]));
  marker = undefined;
  do {
    const request = new ListRolesCommand({
      PathPrefix: rolePath,
      MaxItems: IAM_PAGE_SIZE,
      Marker: marker,
    });
    const page: ListRolesCommandOutput = await retryTransient(
      'ListRoles',
      () => iam.send(request),
      (message) => logger.debug(message),
    );
    calls++;
    for (const listed of page.Roles ?? []) {
      const role = byName.get(listed.RoleName ?? '');
      if (!role) continue;
      role.maxSessionSeconds = listed.MaxSessionDuration;
      role.description = listed.Description ?? '';
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);

  roles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { roles, calls };
}
