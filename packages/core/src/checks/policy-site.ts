import type { FindingSubject, SourcePosition } from '../findings/finding.js';
import type { PolicyDocument, PolicyStatement } from '../policy/document.js';
import type { LocatedStatement } from '../policy/statement-match.js';

/**
 * A policy document together with where it was written, so a check can point at
 * the exact action or resource. Capabilities, standalone policy files and the
 * derived roles' inline policies are all checked through this one shape.
 */
export interface PolicySite {
  document: PolicyDocument;
  /** Position of a JSON pointer relative to the policy (`/Statement/0/Action/1`). */
  locate(pointer: string): SourcePosition | undefined;
  subject: FindingSubject;
  /** How messages name the policy: `capability "deploy"`, or a file name. */
  label: string;
}

/** Where a statement sits: its policy and its index in `Statement`. */
export interface StatementOrigin {
  site: PolicySite;
  index: number;
}

/** Every statement of the sites, with its origin, for {@link decideAccess}-style questions. */
export function statementsOf(
  sites: readonly PolicySite[],
): Array<LocatedStatement<StatementOrigin>> {
  const located: Array<LocatedStatement<StatementOrigin>> = [];
  for (const site of sites) {
    site.document.Statement.forEach((statement: PolicyStatement, index: number) => {
      located.push({ statement, origin: { site, index } });
    });
  }
  return located;
}

/** Position of a statement's field value, e.g. `Action` item 2 of statement 0. */
export function positionIn(
  origin: StatementOrigin,
  field?: string,
  item?: number,
): SourcePosition | undefined {
  let pointer = `/Statement/${origin.index}`;
  if (field) pointer += `/${field}`;
  if (field && item !== undefined) pointer += `/${item}`;
  return origin.site.locate(pointer);
}
