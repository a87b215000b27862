import type { Finding } from '../findings/finding.js';
import type { IamData } from '../policy/iam-data.js';
import { checkActionNames } from './action-names.js';
import { checkBroadStatements } from './broad-statements.js';
import { checkEscalation } from './escalation.js';
import { type PolicySite, statementsOf } from './policy-site.js';
import { checkResourceScope } from './resource-scope.js';

/**
 * Every least-privilege check on one permission policy: unknown actions, wildcard
 * actions, `Resource: "*"`, resources of no type, administrator-equivalent and
 * NotAction/NotResource statements, and escalation sets within the policy.
 */
export function lintPolicy(site: PolicySite, iam: IamData): Finding[] {
  return [
    ...checkActionNames(site, iam),
    ...checkResourceScope(site, iam),
    ...checkBroadStatements(site),
    ...checkEscalation(statementsOf([site]), site.subject, site.label),
  ];
}
