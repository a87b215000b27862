import type { Catalogue } from '../catalogue/model.js';
import { CatalogueIndex } from '../checks/catalogue-index.js';
import { statementsOf } from '../checks/policy-site.js';
import type { DerivedRole } from '../compile/role.js';
import type { SourcePosition } from '../findings/finding.js';
import { decideAccess } from '../policy/statement-match.js';

/** The question `explain --action … [--resource …] [--environment …]` asks. */
export interface AccessQuestion {
  action: string;
  /** A concrete ARN or a pattern; any resource when omitted. */
  resource?: string;
  environment?: string;
}

/** One statement that grants (or denies) the action, and where it is written. */
export interface GrantingStatement {
  capability: string;
  statement: number;
  sid?: string;
  /** True when the statement has a condition, which aoa-iam does not evaluate. */
  conditional: boolean;
  position?: SourcePosition;
}

/** One role that can do it. */
export interface AccessHolder {
  app: string;
  environment: string;
  identity: string;
  role: string;
  /** Set when a temporary grant gives it, the latest end among them. */
  until?: string;
  grantedBy: GrantingStatement[];
}

/** The answer: who can, and who would but is denied by an explicit Deny. */
export interface AccessAnswer {
  question: AccessQuestion;
  holders: AccessHolder[];
  deniedBy: AccessHolder[];
}

/**
 * Answers "who can do this?" with the same matcher the checks use (NotAction and
 * NotResource as "everything except"): every role whose inline policies allow the
 * action on the resource, with the capability and statement that grant it.
 * Not yet: conditions are not evaluated; conditional statements are marked.
 */
export function whoCan(
  catalogue: Catalogue,
  roles: readonly DerivedRole[],
  question: AccessQuestion,
): AccessAnswer {
  const index = new CatalogueIndex(catalogue);
  const holders: AccessHolder[] = [];
  const deniedBy: AccessHolder[] = [];
  for (const role of roles) {
    if (question.environment && role.environment !== question.environment) continue;
    const decision = decideAccess(
      statementsOf(index.roleSites(role)),
      question.action,
      question.resource,
    );
    if (decision.decision === 'not-allowed') continue;
    const located = decision.decision === 'allowed' ? decision.allowedBy : decision.deniedBy;
    const grantedBy = located.map(({ statement, origin }): GrantingStatement => {
      const position = origin.site.locate(`/Statement/${origin.index}`);
      return {
        capability: origin.site.subject.capability ?? '',
        statement: origin.index,
        ...(statement.Sid ? { sid: statement.Sid } : {}),
        conditional: statement.Condition !== undefined,
        ...(position ? { position } : {}),
      };
    });
    const temporary = role.inlinePolicies
      .filter(
        (inline) =>
          inline.temporary && grantedBy.some((grant) => grant.capability === inline.capability),
      )
      .map((inline) => inline.temporary!.expires)
      .sort();
    const onlyTemporary = grantedBy.every((grant) =>
      role.inlinePolicies.some(
        (inline) => inline.capability === grant.capability && inline.temporary,
      ),
    );
    const holder: AccessHolder = {
      app: role.app,
      environment: role.environment,
      identity: role.identity,
      role: role.name,
      ...(onlyTemporary && temporary.length ? { until: temporary.at(-1)! } : {}),
      grantedBy,
    };
    (decision.decision === 'allowed' ? holders : deniedBy).push(holder);
  }
  return { question, holders, deniedBy };
}

/** The answer in plain sentences. */
export function renderWhoCanText(answer: AccessAnswer): string {
  const { question } = answer;
  const what = `${question.action}${question.resource ? ` on ${question.resource}` : ''}${question.environment ? ` in ${question.environment}` : ''}`;
  const lines: string[] = [];
  if (answer.holders.length === 0) lines.push(`Nobody can ${what}.`);
  else lines.push(`Who can ${what}:`);
  for (const holder of answer.holders) {
    const until = holder.until ? ` until ${holder.until}` : '';
    const through = holder.grantedBy
      .map(
        (grant) =>
          `capability ${grant.capability}, statement ${grant.statement}${grant.sid ? ` (${grant.sid})` : ''}${grant.conditional ? ', with a condition' : ''}`,
      )
      .join('; ');
    lines.push(
      `  ${holder.identity} of ${holder.app} in ${holder.environment}${until} (role ${holder.role}): ${through}.`,
    );
  }
  for (const holder of answer.deniedBy) {
    lines.push(
      `  ${holder.identity} of ${holder.app} in ${holder.environment} is denied explicitly (capability ${holder.grantedBy.map((grant) => grant.capability).join(', ')}).`,
    );
  }
  return `${lines.join('\n')}\n`;
}
