import { type ObjectContext, serviceAccountSubject } from './object-context.js';
import type { ServiceAccountGrant } from './render-scope.js';

/**
 * Rule id of invariant 3: a manifest names a role not granted to its app, environment and service
 * account.
 */
export const RULE_ROLE_NOT_GRANTED = 'render.role-not-granted';

/**
 * The sentence that explains why `arn` may not appear here: whom the catalogue
 * grants it to instead (both subjects), or that it grants it to nobody.
 * `serviceAccount` defaults to the object itself (a ServiceAccount).
 */
export function describeUngrantedRole(
  object: ObjectContext,
  arn: string,
  grant: ServiceAccountGrant | undefined,
  serviceAccount: string = object.name,
): string {
  const { scope } = object.settings;
  const subject = serviceAccountSubject(object.namespace, serviceAccount);
  const owner = scope.rolesByArn.get(arn);
  const grantedTo = owner
    ? `it is granted to ${owner.trustedSubject.subject} (app ${owner.app})`
    : `the catalogue grants it to no identity in ${scope.environment}`;
  const held = grant ? `; ${subject} holds ${grant.role.arn}` : '';
  return (
    `names role ${arn}, which is not granted to app ${scope.app}, environment ${scope.environment} ` +
    `and service account ${subject}: ${grantedTo}${held}`
  );
}
