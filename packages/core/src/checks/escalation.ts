import type { Finding, FindingSubject } from '../findings/finding.js';
import { actionMatches } from '../policy/action-pattern.js';
import type { PolicyStatement } from '../policy/document.js';
import {
  type LocatedStatement,
  statementCoversAction,
  statementCoversAllResources,
} from '../policy/statement-match.js';
import { isAdminEquivalent } from './broad-statements.js';
import { ESCALATION_SETS, type EscalationStep } from './escalation-sets.js';
import { makeFinding } from './finding-builder.js';
import { positionIn, type StatementOrigin } from './policy-site.js';

/** True when a resource was written with a wildcard of its own (not a `${…}` variable). */
function isBroadResource(statement: PolicyStatement): boolean {
  if (statement.NotResource) return true;
  return (statement.Resource ?? ['*']).some((resource) =>
    /[*?]/.test(resource.replace(/\$\{[^}]*\}/g, '')),
  );
}

/**
 * Administrator-equivalent and Allow + NotAction statements are errors of their
 * own (broad-statements.ts); repeating every escalation set they also satisfy
 * would bury the one finding that matters.
 */
function reportedAsBroad(statement: PolicyStatement): boolean {
  return (
    statement.Effect === 'Allow' &&
    (statement.NotAction !== undefined || isAdminEquivalent(statement))
  );
}

interface StepMatch {
  action: string;
  located: LocatedStatement<StatementOrigin>;
}

function satisfy(
  step: EscalationStep,
  statements: ReadonlyArray<LocatedStatement<StatementOrigin>>,
): StepMatch | undefined {
  for (const action of step.anyOf) {
    const deniedEverywhere = statements.some(
      ({ statement }) =>
        statement.Effect === 'Deny' &&
        statementCoversAction(statement, action) &&
        statementCoversAllResources(statement),
    );
    if (deniedEverywhere) continue;
    const located = statements.find(
      ({ statement }) =>
        statement.Effect === 'Allow' &&
        !reportedAsBroad(statement) &&
        statementCoversAction(statement, action) &&
        (!step.broad || isBroadResource(statement)),
    );
    if (located) return { action, located };
  }
  return undefined;
}

function actionField(match: StepMatch): string {
  return match.located.statement.Action ? 'Action' : 'NotAction';
}

function actionItem(match: StepMatch): number | undefined {
  const at = match.located.statement.Action?.findIndex((pattern) =>
    actionMatches(pattern, match.action),
  );
  return at === undefined || at < 0 ? undefined : at;
}

function describe(match: StepMatch): string {
  const { statement, origin } = match.located;
  const where = statement.NotResource
    ? `every resource except ${statement.NotResource.join(', ')}`
    : (statement.Resource ?? ['*']).join(', ');
  return `${match.action} on ${where} (${origin.site.label}, statement ${origin.index})`;
}

/**
 * Privilege escalation across everything one principal holds: each known set whose
 * every step is allowed becomes one finding that names the combination and why it
 * escalates. Pass all statements of a role (every capability) so combinations that
 * span capabilities are found.
 */
export function checkEscalation(
  statements: ReadonlyArray<LocatedStatement<StatementOrigin>>,
  subject: FindingSubject,
  holder: string,
  /** Report only combinations spanning several policies (each policy is checked on its own too). */
  acrossPoliciesOnly = false,
): Finding[] {
  const findings: Finding[] = [];
  for (const set of ESCALATION_SETS) {
    const matches: StepMatch[] = [];
    for (const step of set.steps) {
      const match = satisfy(step, statements);
      if (!match) break;
      matches.push(match);
    }
    if (matches.length !== set.steps.length) continue;
    const sites = new Set(matches.map((match) => match.located.origin.site));
    if (acrossPoliciesOnly && sites.size < 2) continue;
    const first = matches[0]!;
    findings.push(
      makeFinding(set.rule, {
        message: `${holder} can escalate privileges: ${matches.map(describe).join(' together with ')}; ${set.why}.`,
        fix: 'Remove the action, or scope it to named resources with conditions (e.g. iam:PassedToService), or record an exception with the reason.',
        position: positionIn(first.located.origin, actionField(first), actionItem(first)),
        subject,
      }),
    );
  }
  return findings;
}
