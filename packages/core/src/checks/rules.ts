import type { Severity } from '../findings/finding.js';

/** A rule every finding refers to by id: its default severity and the help SARIF shows. */
export interface Rule {
  /** Stable dotted id; never reworded once shipped. */
  id: string;
  severity: Severity;
  /** One line: what the rule looks for. */
  title: string;
  /** Why it matters and what to do, for SARIF help and docs/checks.md. */
  help: string;
}

const list: Rule[] = [
  {
    id: 'action.unknown-service',
    severity: 'error',
    title: 'Action names a service AWS does not have',
    help: 'IAM ignores actions of unknown services, so the statement does not grant what its author meant. Fix the service prefix (the finding suggests the closest known one).',
  },
  {
    id: 'action.unknown-action',
    severity: 'error',
    title: 'Action or action pattern matches no AWS action',
    help: 'A misspelt action grants nothing and hides the intent. Use the spelling of the Service Authorization Reference (the finding suggests the closest action).',
  },
  {
    id: 'action.wildcard',
    severity: 'warning',
    title: 'Wildcard action',
    help: 'A wildcard grants every action it matches today and every action AWS adds tomorrow. List the actions the capability needs; the finding says what the wildcard expands to.',
  },
  {
    id: 'resource.no-matching-type',
    severity: 'warning',
    title: 'Resource matches no resource type of the statement’s actions',
    help: 'IAM grants an action only on resources of its resource types; a resource no action can use is dead weight or a typo (a bucket ARN where an object ARN was meant).',
  },
  {
    id: 'resource.wildcard',
    severity: 'warning',
    title: 'Resource "*" on actions that support resource-level permissions',
    help: 'These actions can be scoped to ARNs, so "*" grants them on every resource of the account. Name the ARNs (placeholders such as ${app} keep it short). Actions that support only "*" (most Describe*/List*) are not reported.',
  },
  {
    id: 'policy.admin-equivalent',
    severity: 'error',
    title: 'Statement is administrator access',
    help: 'Allow with Action "*" (or a NotAction that leaves IAM allowed) on every resource lets the holder do anything, including granting itself more. Grant the actions the capability needs.',
  },
  {
    id: 'statement.allow-not-action',
    severity: 'error',
    title: 'Allow with NotAction',
    help: 'Allow + NotAction grants every action of every service except the listed ones, including services AWS launches later. List the allowed actions instead.',
  },
  {
    id: 'statement.allow-not-resource',
    severity: 'warning',
    title: 'Allow with NotResource',
    help: 'Allow + NotResource grants the actions on every resource except the listed ones, in every account the role can reach. List the allowed resources instead.',
  },
  {
    id: 'escalation.passrole-compute',
    severity: 'error',
    title: 'iam:PassRole on broad resources with a service that runs code',
    help: 'Passing any role to code the holder starts (Lambda, EC2, ECS, Glue, CloudFormation, CodeBuild, …) runs that code with the passed role’s permissions. Scope iam:PassRole to the named roles and add an iam:PassedToService condition.',
  },
  {
    id: 'escalation.policy-version',
    severity: 'error',
    title: 'Can rewrite managed policies',
    help: 'iam:CreatePolicyVersion or iam:SetDefaultPolicyVersion lets the holder change what a managed policy grants, including one attached to itself.',
  },
  {
    id: 'escalation.attach-policy',
    severity: 'error',
    title: 'Can attach managed policies',
    help: 'iam:Attach{Role,User,Group}Policy lets the holder attach AdministratorAccess to itself or another principal.',
  },
  {
    id: 'escalation.put-inline-policy',
    severity: 'error',
    title: 'Can write inline policies',
    help: 'iam:Put{Role,User,Group}Policy lets the holder write any permission into a principal’s inline policy.',
  },
  {
    id: 'escalation.update-trust',
    severity: 'error',
    title: 'Can rewrite role trust policies',
    help: 'iam:UpdateAssumeRolePolicy lets the holder make any role trust itself and then assume it.',
  },
  {
    id: 'escalation.credentials',
    severity: 'error',
    title: 'Can mint credentials for other principals',
    help: 'iam:CreateAccessKey, iam:CreateLoginProfile or iam:UpdateLoginProfile lets the holder act as another user.',
  },
  {
    id: 'escalation.group-membership',
    severity: 'error',
    title: 'Can add users to groups',
    help: 'iam:AddUserToGroup lets the holder join a more privileged group.',
  },
  {
    id: 'escalation.boundary-removal',
    severity: 'error',
    title: 'Can remove or replace permissions boundaries',
    help: 'iam:DeleteRolePermissionsBoundary or iam:PutRolePermissionsBoundary lifts the ceiling aoa-iam puts on every role (invariant 7).',
  },
  {
    id: 'escalation.assume-any-role',
    severity: 'error',
    title: 'sts:AssumeRole on every role',
    help: 'sts:AssumeRole on "*" reaches every role whose trust policy admits the account. Name the roles.',
  },
  {
    id: 'escalation.update-function-code',
    severity: 'error',
    title: 'Can replace the code of any Lambda function',
    help: 'lambda:UpdateFunctionCode on broad resources runs the holder’s code with each function’s own role. Scope it to the app’s functions.',
  },
  {
    id: 'escalation.run-on-instances',
    severity: 'error',
    title: 'Can run commands on any instance',
    help: 'ssm:SendCommand or ssm:StartSession on broad resources runs commands with each instance’s role.',
  },
  {
    id: 'napkin.budget',
    severity: 'warning',
    title: 'Role is too complicated to explain on a napkin',
    help: 'If it is hard to explain, it is too complicated: split the role or merge capabilities so a reviewer can read it at once.',
  },
  {
    id: 'isolation.cross-environment-trust',
    severity: 'error',
    title: 'Role trusts an identity of another environment',
    help: 'Invariant 1: a role of one environment trusts only its own environment’s providers and account; staging never reaches production.',
  },
  {
    id: 'isolation.shared-provider',
    severity: 'error',
    title: 'Two environments share an account or an OIDC issuer',
    help: 'Invariant 1: when two environments share an account or a cluster’s issuer, a token of one is accepted by the other. Give each environment its own account and cluster.',
  },
  {
    id: 'isolation.shared-subject',
    severity: 'warning',
    title: 'The same subject is trusted in several environments',
    help: 'A GitHub branch or tag subject is the same in every environment, so one job reaches all of them. Use `environment: ${env}` so each environment has its own subject.',
  },
  {
    id: 'isolation.wildcard-subject',
    severity: 'error',
    title: 'Trust policy subject has a wildcard or allows any principal',
    help: 'Invariant 1: a trust statement names exactly one identity. Write the exact subject; where a pattern is truly needed, record an exception with the reason.',
  },
  {
    id: 'isolation.missing-subject',
    severity: 'error',
    title: 'Trust policy has no subject condition',
    help: 'Invariant 1: without a :sub condition every identity of the issuer (every repository on GitHub, every service account of the cluster) may assume the role.',
  },
  {
    id: 'isolation.missing-audience',
    severity: 'error',
    title: 'Web identity trust without an audience condition',
    help: 'Without an :aud condition, tokens minted for other audiences are accepted. Add StringEquals on <issuer>:aud = sts.amazonaws.com.',
  },
  {
    id: 'isolation.string-equals-wildcard',
    severity: 'error',
    title: 'StringEquals with a wildcard',
    help: 'Under StringEquals a "*" is a literal character, so the condition matches nothing the author meant. Did you mean StringLike (and then, does it trust too much)?',
  },
  {
    id: 'isolation.for-all-values-single-key',
    severity: 'error',
    title: 'ForAllValues on a single-valued key',
    help: 'ForAllValues is true when the key is missing from the request, so the condition does not restrict. Use the plain operator (StringEquals) on single-valued keys such as :sub and :aud.',
  },
  {
    id: 'ceiling.exceeds-parent',
    severity: 'error',
    title: 'Child holds an action or resource its parent was not granted',
    help: 'Invariant 2: a nested catalogue may only narrow what its parent granted to it. Remove the action or narrow the resource, or grant it to the parent app first.',
  },
  {
    id: 'expiry.expired',
    severity: 'error',
    title: 'Temporary grant has expired',
    help: 'Invariant 5: an expired grant must not survive an apply. Remove it from the catalogue, or extend it with a new reason.',
  },
  {
    id: 'expiry.soon',
    severity: 'warning',
    title: 'Temporary grant expires soon',
    help: 'The grant ends within the warning window; plan its removal or its renewal.',
  },
  {
    id: 'expiry.too-long',
    severity: 'error',
    title: 'Temporary grant lasts longer than the environment allows',
    help: 'A temporary grant may last at most the environment’s maxGrant from today. Shorten it, or make it a permanent grant through review.',
  },
  {
    id: 'boundary.missing',
    severity: 'error',
    title: 'Role has no permissions boundary',
    help: 'Invariant 7: every role aoa-iam mints carries its environment’s permissions boundary. Set `boundary` on the environment.',
  },
  {
    id: 'boundary.mismatch',
    severity: 'error',
    title: 'Role carries a boundary other than its environment’s',
    help: 'Invariant 7: the boundary must be the environment’s own.',
  },
  {
    id: 'github.branch-subject',
    severity: 'note',
    title: 'Branch grant does not cover jobs that declare an environment',
    help: 'GitHub puts `environment:NAME` in the subject whenever a job declares an environment, so such jobs on the branch cannot assume this role.',
  },
  {
    id: 'github.pull-request',
    severity: 'warning',
    title: 'pull_request subject cannot be narrowed to a branch',
    help: 'Every pull request of the repository (any head branch) gets the same `pull_request` subject. Keep such roles read-only.',
  },
  {
    id: 'github.pull-request-write',
    severity: 'error',
    title: 'pull_request subject on a role with write access',
    help: 'Any pull request could use this role to change AWS resources. Grant only read capabilities to pull_request identities, or record an exception with the reason.',
  },
  {
    id: 'github.immutable-subject',
    severity: 'error',
    title: 'Repository declared immutable but trusted by name only',
    help: 'With GitHub’s immutable subject claims the subject carries owner and repository ids; a name-only subject never matches, or matches a re-created repository of the same name.',
  },
  {
    id: 'secrets.hard-coded-credentials',
    severity: 'error',
    title: 'Hard-coded AWS credentials in a manifest',
    help: 'Invariant 6 and the reason aoa-iam exists: apps get credentials from their role, never from a manifest. Delete the key, rotate it in IAM, and grant the app a capability.',
  },
  {
    id: 'exception.unused',
    severity: 'warning',
    title: 'Exception matches no finding',
    help: 'An exception that silences nothing is stale; remove it so it cannot silence a future finding by accident.',
  },
  {
    id: 'exception.not-allowed',
    severity: 'error',
    title: 'Exception for an invariant rule',
    help: 'Cross-environment trust, wildcard or missing subjects, ceiling escapes, expired grants and missing boundaries break DESIGN.md invariants 1, 2, 5 and 7; no exception can accept them.',
  },
  {
    id: 'review.privilege-increase',
    severity: 'warning',
    title: 'The change increases privileges',
    help: 'validate --base lists every privilege increase against the base revision: new actions, wider resources, new trusted identities, new environments, longer sessions, later expiry, a changed boundary. A reviewer should read each one.',
  },
  {
    id: 'review.approval-required',
    severity: 'error',
    title: 'Privilege increase without the approval the catalogue demands',
    help: "The catalogue's `review.increases` block names the labels and teams that approve privilege increases. Add one of the labels, or get an approving review from a listed team.",
  },
  {
    id: 'review.invalid-rule',
    severity: 'error',
    title: "The catalogue's review block cannot be read",
    help: 'Write `review: { increases: { labels: [...], teams: [...], environments: [...] } }`.',
  },
];

/**
 * Rules the loader and compile report (their owners choose the wording of each
 * finding); listed here so SARIF and docs/checks.md can show help for them.
 */
const loaderRules: Rule[] = [
  [
    'catalogue.unreadable',
    'error',
    'The catalogue file cannot be read',
    'Name an existing catalogue file.',
  ],
  [
    'catalogue.schema',
    'error',
    'The catalogue does not match its JSON Schema',
    'Fix the field the finding names; the schema is packages/core/schema/catalogue.v1.json.',
  ],
  [
    'catalogue.reference',
    'error',
    'A reference names nothing',
    'Every capability, environment, provider and app a catalogue names must exist.',
  ],
  [
    'catalogue.placeholder',
    'error',
    'A placeholder has no value',
    'Use only placeholders that apply to the identity, or write the value out.',
  ],
  [
    'catalogue.nesting',
    'error',
    'A nested catalogue is misplaced',
    'A nested catalogue names its app as parent and inherits environments.',
  ],
  [
    'catalogue.duplicate-app',
    'error',
    'An app is declared twice',
    'Argo CD app names are unique: keep the app in one catalogue.',
  ],
  [
    'catalogue.session-range',
    'error',
    'Session length outside IAM’s range',
    'IAM allows 1h to 12h.',
  ],
  [
    'catalogue.boundary-account',
    'error',
    'Boundary in another account',
    'The boundary policy lives in the environment’s own account.',
  ],
  [
    'naming.collision',
    'error',
    'Two roles derive one name',
    'Rename an app or identity; IAM role names ignore case.',
  ],
  [
    'limits.inline-policy-size',
    'error',
    'Inline policies exceed (or near) IAM’s 10,240-character sum',
    'IAM limits the sum of a role’s inline policies, whitespace not counted; more inline policies do not help. Remove statements, merge those that share resources, or split the identity. A warning comes at 90 %.',
  ],
  [
    'limits.trust-policy-size',
    'error',
    'Trust policy exceeds IAM’s quota',
    'Shorten the subject or raise the account quota.',
  ],
  ['limits.tags', 'error', 'Tags break IAM’s rules', 'Shorten app, identity or revision names.'],
  ['limits.path', 'error', 'Role path too long', 'Shorten rolePath.'],
  ['limits.description', 'error', 'Role description too long', 'Shorten the app or parent names.'],
].map(([id, severity, title, help]) => ({ id, severity, title, help }) as Rule);

/** Every rule, by id. */
export const RULES: ReadonlyMap<string, Rule> = new Map(
  [...list, ...loaderRules].map((rule) => [rule.id, rule]),
);

/** The rule for `id`; throws for an id no rule has, which is a bug in a check. */
export function ruleFor(id: string): Rule {
  const rule = RULES.get(id);
  if (!rule) throw new Error(`bug: no rule "${id}" in checks/rules.ts`);
  return rule;
}
