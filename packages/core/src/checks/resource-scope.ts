import type { Finding } from '../findings/finding.js';
import { resourcePattern, resourcePatternsIntersect } from '../policy/arn.js';
import type { PolicyStatement } from '../policy/document.js';
import { hasWildcard } from '../policy/glob.js';
import type { ActionInfo, IamData } from '../policy/iam-data.js';
import { makeFinding } from './finding-builder.js';
import type { PolicySite } from './policy-site.js';
import { sampleList } from './sample-list.js';

/**
 * `Resource: "*"` on actions that can be scoped to ARNs, and resources that no
 * resource type of the statement's actions can match. Actions that support only
 * `"*"` (most Describe and List actions) are never reported for `"*"`.
 */
export function checkResourceScope(site: PolicySite, iam: IamData): Finding[] {
  const findings: Finding[] = [];
  site.document.Statement.forEach((statement, index) => {
    if (!statement.Action || statement.Action.includes('*')) return;
    const actions = expandAll(statement.Action, iam);
    if (actions.length === 0) return;
    const resources = statement.Resource ?? [];
    const starAt = resources.indexOf('*');
    if (starAt >= 0 && statement.Effect === 'Allow') {
      const finding = starFinding(site, statement, index, starAt, actions);
      if (finding) findings.push(finding);
    }
    findings.push(...typeMismatches(site, statement, index, actions));
  });
  return findings;
}

function expandAll(patterns: readonly string[], iam: IamData): ActionInfo[] {
  const seen = new Map<string, ActionInfo>();
  for (const pattern of patterns) {
    for (const info of iam.expand(pattern)) seen.set(info.action, info);
  }
  return [...seen.values()];
}

function starFinding(
  site: PolicySite,
  statement: PolicyStatement,
  index: number,
  item: number,
  actions: readonly ActionInfo[],
): Finding | undefined {
  const scopedInfos = actions.filter((info) => info.scopable);
  const scoped = scopedInfos.map((info) => info.action);
  if (scoped.length === 0) return undefined;
  const conditional = statement.Condition !== undefined;
  // Listing on "*" is the norm; reading or changing every resource is not.
  const onlyLists = scopedInfos.every((info) => info.accessLevel === 'List');
  const tail = conditional
    ? ' The statement has a condition, which may narrow it; check that it does.'
    : '';
  return makeFinding('resource.wildcard', {
    message: `${site.label}: Resource "*" grants ${sampleList(scoped)} on every resource, though ${scoped.length === 1 ? 'it supports' : 'they support'} resource-level permissions.${tail}`,
    fix: 'Name the ARNs the capability needs (placeholders such as ${account}, ${env} and ${app} keep it short).',
    position: site.locate(`/Statement/${index}/Resource/${item}`),
    subject: site.subject,
    ...(conditional || onlyLists ? { severity: 'note' as const } : {}),
  });
}

/**
 * Services whose reference data is known to be incomplete for resource types:
 * iam-data merges Elastic Load Balancing v1 and v2 under one prefix and keeps
 * v1's resource types for action names both share (AddTags, RemoveTags), so a v2
 * target group or listener would look unmatched. Their resources are not judged.
 */
const MERGED_REFERENCE_SERVICES = new Set(['elasticloadbalancing']);

function judged(info: ActionInfo): boolean {
  return !MERGED_REFERENCE_SERVICES.has(info.action.slice(0, info.action.indexOf(':')));
}

function couldMatch(info: ActionInfo, resource: string): boolean {
  return info.resourceTypes.some((type) => resourcePatternsIntersect(type.arnPattern, resource));
}

function typeMismatches(
  site: PolicySite,
  statement: PolicyStatement,
  index: number,
  actions: readonly ActionInfo[],
): Finding[] {
  const findings: Finding[] = [];
  if (!actions.every(judged)) return findings;
  const resources = (statement.Resource ?? []).map(resourcePattern);
  resources.forEach((resource, item) => {
    if (resource === '*' || actions.some((info) => couldMatch(info, resource))) return;
    const written = statement.Resource![item]!;
    if (!written.startsWith('arn:')) {
      findings.push(
        makeFinding('resource.no-matching-type', {
          message: `${site.label}: resource "${written}" is not an ARN (nor "*"), so it matches no resource.`,
          fix: 'Write the resource as an ARN, e.g. arn:${partition}:s3:::bucket/*.',
          position: site.locate(`/Statement/${index}/Resource/${item}`),
          subject: site.subject,
        }),
      );
      return;
    }
    const typed = actions.filter((info) => info.resourceTypes.length > 0);
    const expected = typed.length
      ? `Its actions apply to ${sampleList(
          [...new Set(typed.flatMap((info) => info.resourceTypes.map((t) => t.arnPattern)))],
          4,
        )}.`
      : 'Its actions support only Resource "*".';
    findings.push(
      makeFinding('resource.no-matching-type', {
        message: `${site.label}: resource "${written}" matches no resource type of ${sampleList(
          actions.map((info) => info.action),
          4,
        )}. ${expected}`,
        fix: 'Correct the ARN (an object ARN ends in /*, a bucket ARN does not) or move the resource to a statement whose actions use it.',
        position: site.locate(`/Statement/${index}/Resource/${item}`),
        subject: site.subject,
      }),
    );
  });
  // A plain action none of whose resources it can use is granted nowhere.
  if (resources.includes('*') || resources.length === 0) return findings;
  statement.Action!.forEach((pattern, item) => {
    if (hasWildcard(pattern)) return;
    const info = actions.find(
      (candidate) => candidate.action.toLowerCase() === pattern.toLowerCase(),
    );
    if (!info || info.resourceTypes.length === 0) return;
    if (resources.some((resource) => couldMatch(info, resource))) return;
    findings.push(
      makeFinding('resource.no-matching-type', {
        message: `${site.label}: ${info.action} applies to ${sampleList(
          info.resourceTypes.map((t) => `${t.name} (${t.arnPattern})`),
          3,
        )}, and none of the statement's resources is one, so it is granted nowhere.`,
        fix: `Add a resource of the right type for ${info.action}, or remove the action.`,
        position: site.locate(`/Statement/${index}/Action/${item}`),
        subject: site.subject,
      }),
    );
  });
  return findings;
}
