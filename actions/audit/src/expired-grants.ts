import type { Catalogue, TemporaryGrant } from '@aoa-iam/core';
import { catalogueTree } from '@aoa-iam/core';

/** One temporary grant past its expiry, and where it is written. */
export interface ExpiredGrant {
  /** The catalogue file that declares it, as loaded. */
  file: string;
  app: string;
  grant: TemporaryGrant;
}

/**
 * Every temporary grant of `environment` whose expiry is at or before `now`,
 * in the root catalogue and every nested one, parents first.
 */
export function findExpiredGrants(
  catalogue: Catalogue,
  environment: string,
  now: Date,
): ExpiredGrant[] {
  const expired: ExpiredGrant[] = [];
  for (const current of catalogueTree(catalogue)) {
    for (const app of current.apps.values()) {
      for (const grant of app.temporary) {
        if (grant.environment !== environment) continue;
        if (Date.parse(grant.expires) <= now.getTime()) {
          expired.push({ file: current.file, app: app.name, grant });
        }
      }
    }
  }
  return expired;
}
