import type { Finding } from '../findings/finding.js';
import { splitAction } from '../policy/action-pattern.js';
import { hasWildcard } from '../policy/glob.js';
import type { IamData } from '../policy/iam-data.js';
import { didYouMean } from './did-you-mean.js';
import { makeFinding } from './finding-builder.js';
import type { PolicySite } from './policy-site.js';
import { sampleList } from './sample-list.js';

/**
 * Unknown services and actions (with a did-you-mean), and wildcard actions with
 * what they expand to. Deny wildcards are not reported: denying broadly is safe.
 */
export function checkActionNames(site: PolicySite, iam: IamData): Finding[] {
  const findings: Finding[] = [];
  site.document.Statement.forEach((statement, index) => {
    for (const field of ['Action', 'NotAction'] as const) {
      statement[field]?.forEach((pattern, item) => {
        const position = site.locate(`/Statement/${index}/${field}/${item}`);
        const unknown = unknownAction(pattern, iam);
        if (unknown) {
          findings.push(
            makeFinding(unknown.rule, {
              message: `${site.label}: ${unknown.message}`,
              fix: unknown.fix,
              position,
              subject: site.subject,
            }),
          );
          return;
        }
        if (field === 'Action' && statement.Effect === 'Allow' && hasWildcard(pattern)) {
          findings.push(wildcardFinding(site, pattern, iam, position));
        }
      });
    }
  });
  return findings;
}

interface UnknownAction {
  rule: string;
  message: string;
  fix: string;
}

function unknownAction(pattern: string, iam: IamData): UnknownAction | undefined {
  if (pattern === '*') return undefined;
  const { service, name } = splitAction(pattern);
  if (!pattern.includes(':')) {
    return {
      rule: 'action.unknown-action',
      message: `"${pattern}" is not an action: IAM actions are written "service:Action".`,
      fix: 'Write the action as service:Action, e.g. s3:GetObject.',
    };
  }
  if (hasWildcard(service)) {
    if (iam.expand(pattern).length > 0) return undefined;
    return {
      rule: 'action.unknown-action',
      message: `"${pattern}" matches no AWS action.`,
      fix: 'Correct the pattern or remove it.',
    };
  }
  if (!iam.hasService(service)) {
    return {
      rule: 'action.unknown-service',
      message: `"${pattern}" names service "${service}", which AWS does not have.${didYouMean(service, iam.allServices())}`,
      fix: 'Use the service prefix of the Service Authorization Reference.',
    };
  }
  if (hasWildcard(name)) {
    if (iam.expand(pattern).length > 0) return undefined;
    return {
      rule: 'action.unknown-action',
      message: `"${pattern}" matches no action of ${service}.`,
      fix: `Correct the pattern; ${service} has ${iam.actionsOf(service).length} actions.`,
    };
  }
  if (iam.action(pattern)) return undefined;
  const names = iam.actionsOf(service).map((info) => info.action);
  return {
    rule: 'action.unknown-action',
    message: `"${pattern}" is not an action of ${service}.${didYouMean(`${service}:${name}`, names)}`,
    fix: 'Use the action name of the Service Authorization Reference.',
  };
}

function wildcardFinding(
  site: PolicySite,
  pattern: string,
  iam: IamData,
  position: ReturnType<PolicySite['locate']>,
): Finding {
  const expanded = iam.expand(pattern).map((info) => info.action);
  const scope =
    pattern === '*' || pattern === '*:*'
      ? `every action of every AWS service (${expanded.length} today)`
      : `${expanded.length} actions: ${sampleList(expanded)}`;
  return makeFinding('action.wildcard', {
    message: `${site.label}: "${pattern}" expands to ${scope}, and to any action AWS adds later.`,
    fix: `List the actions the capability needs instead of "${pattern}".`,
    position,
    subject: site.subject,
  });
}
