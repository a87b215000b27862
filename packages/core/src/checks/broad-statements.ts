import type { Finding } from '../findings/finding.js';
import type { PolicyStatement } from '../policy/document.js';
import { statementCoversAction, statementCoversAllResources } from '../policy/statement-match.js';
import { makeFinding } from './finding-builder.js';
import type { PolicySite } from './policy-site.js';

/**
 * IAM actions that turn "most things" into "everything": a statement that allows
 * any of them on every resource can grant itself the rest.
 */
const SELF_GRANTING_ACTIONS = [
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:CreatePolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateAccessKey',
];

/** True when the statement allows every action (`*`), or so much of IAM it can grant itself the rest. */
export function isAdminEquivalent(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Allow' || !statementCoversAllResources(statement)) return false;
  if (statement.Action?.some((pattern) => pattern === '*' || pattern === '*:*')) return true;
  if (!statement.NotAction) return false;
  return SELF_GRANTING_ACTIONS.some((action) => statementCoversAction(statement, action));
}

/** Administrator-equivalent statements, Allow + NotAction, and Allow + NotResource. */
export function checkBroadStatements(site: PolicySite): Finding[] {
  const findings: Finding[] = [];
  site.document.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Allow') return;
    const at = (field: string) => site.locate(`/Statement/${index}/${field}`);
    if (isAdminEquivalent(statement)) {
      const how = statement.NotAction
        ? `Allow with NotAction ${JSON.stringify(statement.NotAction)} on every resource still allows IAM (e.g. iam:PutRolePolicy), so the holder can grant itself everything`
        : 'Allow of every action on every resource';
      findings.push(
        makeFinding('policy.admin-equivalent', {
          message: `${site.label}: statement ${index} is administrator access: ${how}.`,
          fix: 'List the actions and resources the capability needs.',
          position: at(statement.NotAction ? 'NotAction' : 'Action'),
          subject: site.subject,
        }),
      );
    } else if (statement.NotAction) {
      const scope = statementCoversAllResources(statement)
        ? 'on every resource'
        : 'on its resources';
      findings.push(
        makeFinding('statement.allow-not-action', {
          message: `${site.label}: statement ${index} allows every action of every AWS service except ${statement.NotAction.join(', ')} ${scope}, including services AWS adds later. This is very broad.`,
          fix: 'Replace NotAction with an Action list of what the capability needs.',
          position: at('NotAction'),
          subject: site.subject,
        }),
      );
    }
    if (statement.NotResource) {
      findings.push(
        makeFinding('statement.allow-not-resource', {
          message: `${site.label}: statement ${index} allows its actions on every resource except ${statement.NotResource.join(', ')}.`,
          fix: 'Replace NotResource with a Resource list of what the capability needs.',
          position: at('NotResource'),
          subject: site.subject,
        }),
      );
    }
  });
  return findings;
}
