import { sampleList } from '../checks/sample-list.js';
import type { DerivedRole } from '../compile/role.js';
import type { SourcePosition } from '../findings/finding.js';
import { highestAccessLevel } from '../policy/access-level.js';
import { escapesOf } from '../policy/containment.js';
import type { PolicyStatement } from '../policy/document.js';
import { type AccessLevel, type IamData, sharedIamData } from '../policy/iam-data.js';

/** The kinds of privilege increase a review lists first. */
export type IncreaseKind =
  | 'new-role'
  | 'new-environment'
  | 'new-action'
  | 'wider-resource'
  | 'new-trusted-identity'
  | 'longer-session'
  | 'later-expiry'
  | 'removed-boundary';

/** One way a change gives some identity more than it had. */
export interface PrivilegeIncrease {
  kind: IncreaseKind;
  role: string;
  app: string;
  environment: string;
  identity: string;
  /** Plain sentence naming the action, resource, subject, duration or date. */
  detail: string;
  /** Where the change is written in the head catalogue, when known. */
  position?: SourcePosition;
}

/** One role that was added, removed or changed, with what changed in words. */
export interface RoleChange {
  role: string;
  arn: string;
  app: string;
  environment: string;
  identity: string;
  /** Every difference, increases and the rest alike, in words. */
  changes: string[];
  /** Highest AWS access level the role grants before and after (absent on the side it is missing). */
  accessLevel: { before?: AccessLevel; after?: AccessLevel };
}

/** What a change to the catalogue does to the derived roles. */
export interface ReviewResult {
  /** Every privilege increase, across added and changed roles; reports list these first. */
  increases: PrivilegeIncrease[];
  added: RoleChange[];
  removed: RoleChange[];
  changed: RoleChange[];
  unchanged: number;
}

/** Options of {@link reviewChange}. */
export interface ReviewOptions {
  iam?: IamData;
  /** Where a head role's grant is written, for positions on increases. */
  locate?: (role: DerivedRole) => SourcePosition | undefined;
}

/** The time bound compile puts on temporary grants; later expiry is reported on its own. */
const CURRENT_TIME_KEY = 'aws:CurrentTime';

function withoutTimeBound(statement: PolicyStatement): PolicyStatement {
  const bound = statement.Condition?.DateLessThan?.[CURRENT_TIME_KEY];
  if (!bound) return statement;
  const { [CURRENT_TIME_KEY]: _bound, ...rest } = statement.Condition!.DateLessThan!;
  const { DateLessThan: _dates, ...others } = statement.Condition!;
  const condition = Object.keys(rest).length ? { ...others, DateLessThan: rest } : others;
  const { Condition: _condition, ...bare } = statement;
  return Object.keys(condition).length ? { ...bare, Condition: condition } : bare;
}

function statements(role: DerivedRole): PolicyStatement[] {
  return role.inlinePolicies.flatMap((inline) => inline.document.Statement.map(withoutTimeBound));
}

function base(role: DerivedRole): Omit<RoleChange, 'changes' | 'accessLevel'> {
  return {
    role: role.name,
    arn: role.arn,
    app: role.app,
    environment: role.environment,
    identity: role.identity,
  };
}

function permissionIncreases(
  before: DerivedRole,
  after: DerivedRole,
  iam: IamData,
): Array<[IncreaseKind, string]> {
  const held = statements(before);
  // Grouped per kind, resource and capability so one line names all its actions.
  const groups = new Map<
    string,
    { kind: IncreaseKind; resource: string; capability: string; actions: Set<string> }
  >();
  for (const inline of after.inlinePolicies) {
    for (const statement of inline.document.Statement.map(withoutTimeBound)) {
      for (const escaped of escapesOf(statement, held, iam)) {
        const kind: IncreaseKind = escaped.newAction ? 'new-action' : 'wider-resource';
        const key = `${kind}\n${escaped.resource}\n${inline.capability}`;
        const group = groups.get(key) ?? {
          kind,
          resource: escaped.resource,
          capability: inline.capability,
          actions: new Set<string>(),
        };
        group.actions.add(escaped.action);
        groups.set(key, group);
      }
    }
  }
  return [...groups.values()].map(({ kind, resource, capability, actions }) => {
    const list = sampleList([...actions], 8);
    return kind === 'new-action'
      ? [
          kind,
          `new action${actions.size === 1 ? '' : 's'} ${list} on ${resource} (capability ${capability})`,
        ]
      : [
          kind,
          `${list} now on ${resource}, beyond what ${actions.size === 1 ? 'it' : 'they'} held (capability ${capability})`,
        ];
  });
}

function roleIncreases(
  before: DerivedRole,
  after: DerivedRole,
  iam: IamData,
): Array<[IncreaseKind, string]> {
  const found = permissionIncreases(before, after, iam);
  const was = before.trustedSubject;
  const now = after.trustedSubject;
  if (was.subject !== now.subject || was.issuer !== now.issuer || was.audience !== now.audience) {
    found.push([
      'new-trusted-identity',
      `now trusts ${now.subject} via ${now.issuer} (was ${was.subject} via ${was.issuer})`,
    ]);
  } else if (JSON.stringify(before.trustPolicy) !== JSON.stringify(after.trustPolicy)) {
    found.push(['new-trusted-identity', 'trust policy changed']);
  }
  if (after.maxSessionSeconds > before.maxSessionSeconds) {
    found.push([
      'longer-session',
      `sessions up to ${after.maxSessionSeconds} s (was ${before.maxSessionSeconds} s)`,
    ]);
  }
  if (before.expires && (!after.expires || after.expires > before.expires)) {
    found.push([
      'later-expiry',
      after.expires
        ? `expires ${after.expires} (was ${before.expires})`
        : `no longer expires (was ${before.expires})`,
    ]);
  }
  const expiries = new Map(
    before.inlinePolicies
      .filter((inline) => inline.temporary)
      .map((inline) => [inline.capability, inline.temporary!.expires]),
  );
  for (const inline of after.inlinePolicies) {
    const earlier = expiries.get(inline.capability);
    if (inline.temporary && earlier && inline.temporary.expires > earlier) {
      found.push([
        'later-expiry',
        `temporary ${inline.capability} until ${inline.temporary.expires} (was ${earlier})`,
      ]);
    }
  }
  if (before.boundary && before.boundary !== after.boundary) {
    found.push([
      'removed-boundary',
      after.boundary
        ? `boundary ${after.boundary} replaces ${before.boundary}`
        : `boundary ${before.boundary} removed`,
    ]);
  }
  return found;
}

function otherChanges(before: DerivedRole, after: DerivedRole): string[] {
  const changes: string[] = [];
  const names = (role: DerivedRole) => role.inlinePolicies.map((inline) => inline.name);
  const removed = names(before).filter((name) => !names(after).includes(name));
  const added = names(after).filter((name) => !names(before).includes(name));
  if (added.length) changes.push(`inline policies added: ${added.join(', ')}`);
  const earlier = new Map(before.inlinePolicies.map((inline) => [inline.name, inline.document]));
  for (const inline of after.inlinePolicies) {
    const was = earlier.get(inline.name);
    if (was && JSON.stringify(was) !== JSON.stringify(inline.document)) {
      changes.push(`policy ${inline.name} rewritten`);
    }
  }
  if (removed.length) changes.push(`inline policies removed: ${removed.join(', ')}`);
  if (after.maxSessionSeconds < before.maxSessionSeconds) {
    changes.push(`sessions up to ${after.maxSessionSeconds} s (was ${before.maxSessionSeconds} s)`);
  }
  const tagChanges = Object.keys({ ...before.tags, ...after.tags }).filter(
    (key) => before.tags[key] !== after.tags[key] && key !== 'aoa-iam:revision',
  );
  if (tagChanges.length) changes.push(`tags changed: ${tagChanges.join(', ')}`);
  return changes;
}

/** The parts of a role that matter to a review, as one comparable string. */
function fingerprint(role: DerivedRole): string {
  // The catalogue's file name differs between a base file and the working copy.
  const { tags, catalogueFile: _file, ...rest } = role;
  const { 'aoa-iam:revision': _revision, ...kept } = tags;
  return JSON.stringify({ ...rest, tags: kept });
}

/**
 * Compares the roles derived at a base revision with those of the working copy:
 * added, removed and changed roles, and every privilege increase (new actions
 * after expansion, wider resources, new trusted identities, a new environment,
 * longer sessions, later expiry, a changed or removed boundary). Roles are matched
 * by ARN; revision tags are ignored.
 */
export function reviewChange(
  baseRoles: readonly DerivedRole[],
  headRoles: readonly DerivedRole[],
  options: ReviewOptions = {},
): ReviewResult {
  const iam = options.iam ?? sharedIamData();
  const before = new Map(baseRoles.map((role) => [role.arn, role]));
  const after = new Map(headRoles.map((role) => [role.arn, role]));
  const baseEnvironments = new Set(baseRoles.map((role) => role.environment));
  const result: ReviewResult = { increases: [], added: [], removed: [], changed: [], unchanged: 0 };
  const increase = (role: DerivedRole, kind: IncreaseKind, detail: string) => {
    const position = options.locate?.(role);
    result.increases.push({
      kind,
      role: role.name,
      app: role.app,
      environment: role.environment,
      identity: role.identity,
      detail,
      ...(position ? { position } : {}),
    });
    return detail;
  };

  for (const role of headRoles) {
    const earlier = before.get(role.arn);
    if (!earlier) {
      const changes: string[] = [];
      if (!baseEnvironments.has(role.environment)) {
        changes.push(
          increase(role, 'new-environment', `first role in new environment ${role.environment}`),
        );
      }
      changes.push(increase(role, 'new-role', `new role trusting ${role.trustedSubject.subject}`));
      for (const [kind, detail] of permissionIncreases(emptyRole(role), role, iam)) {
        changes.push(increase(role, kind, detail));
      }
      result.added.push({ ...base(role), changes, accessLevel: levels(undefined, role, iam) });
      continue;
    }
    if (fingerprint(earlier) === fingerprint(role)) {
      result.unchanged++;
      continue;
    }
    const changes = roleIncreases(earlier, role, iam).map(([kind, detail]) =>
      increase(role, kind, detail),
    );
    changes.push(...otherChanges(earlier, role));
    result.changed.push({
      ...base(role),
      changes: changes.length ? changes : ['changed without granting more'],
      accessLevel: levels(earlier, role, iam),
    });
  }
  for (const role of baseRoles) {
    if (after.has(role.arn)) continue;
    result.removed.push({
      ...base(role),
      changes: ['role removed'],
      accessLevel: levels(role, undefined, iam),
    });
  }
  return result;
}

function levels(
  before: DerivedRole | undefined,
  after: DerivedRole | undefined,
  iam: IamData,
): RoleChange['accessLevel'] {
  const of = (role: DerivedRole | undefined) =>
    role
      ? highestAccessLevel(
          role.inlinePolicies.map((inline) => inline.document),
          iam,
        )
      : undefined;
  const was = of(before);
  const now = of(after);
  return { ...(was ? { before: was } : {}), ...(now ? { after: now } : {}) };
}

function emptyRole(role: DerivedRole): DerivedRole {
  return { ...role, inlinePolicies: [] };
}
