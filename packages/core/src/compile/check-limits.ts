import type { Catalogue } from '../catalogue/model.js';
import { positionOf } from '../catalogue/model.js';
import type { Finding } from '../findings/finding.js';
import {
  IAM_DESCRIPTION_MAX,
  IAM_INLINE_POLICIES_MAX_CHARS,
  IAM_LIMIT_WARNING_SHARE,
  IAM_PATH_MAX,
  IAM_TAG_KEY_MAX,
  IAM_TAG_PATTERN,
  IAM_TAG_VALUE_MAX,
  IAM_TAGS_MAX,
  IAM_TRUST_POLICY_MAX_CHARS,
  iamPolicyLength,
} from './iam-limits.js';
import type { DerivedRole } from './role.js';

/**
 * Checks one derived role against IAM's quotas, so a catalogue that IAM would
 * refuse fails before merge, naming the role and what to change.
 */
export function checkRoleLimits(role: DerivedRole, catalogue: Catalogue): Finding[] {
  const findings: Finding[] = [];
  const subject = {
    app: role.app,
    environment: role.environment,
    identity: role.identity,
    role: role.name,
  };
  const grantPointer = `/apps/${role.app}/grants/${role.environment}/${role.identity}`;
  const position = positionOf(catalogue, grantPointer);
  const report = (rule: string, severity: 'error' | 'warning', message: string, fix: string) =>
    findings.push({ rule, severity, message, fix, position, subject });

  const inlineTotal = role.inlinePolicies.reduce(
    (sum, policy) => sum + iamPolicyLength(policy.document),
    0,
  );
  const policyNames = role.inlinePolicies.map((policy) => policy.name).join(', ');
  if (inlineTotal > IAM_INLINE_POLICIES_MAX_CHARS) {
    report(
      'limits.inline-policy-size',
      'error',
      `role ${role.name} (app ${role.app}, ${role.environment}) has inline policies of ${inlineTotal} characters in all (${policyNames}); IAM allows ${IAM_INLINE_POLICIES_MAX_CHARS} for their sum`,
      'Grant fewer capabilities to this identity, merge statements that share resources, or split the work across two identities. More inline policies do not help: the limit is on their sum.',
    );
  } else if (inlineTotal > IAM_INLINE_POLICIES_MAX_CHARS * IAM_LIMIT_WARNING_SHARE) {
    report(
      'limits.inline-policy-size',
      'warning',
      `role ${role.name} (app ${role.app}, ${role.environment}) uses ${inlineTotal} of IAM's ${IAM_INLINE_POLICIES_MAX_CHARS} characters for inline policies (${policyNames})`,
      'Leave room: merge statements that share resources before adding capabilities.',
    );
  }

  const trustLength = iamPolicyLength(role.trustPolicy);
  if (trustLength > IAM_TRUST_POLICY_MAX_CHARS) {
    report(
      'limits.trust-policy-size',
      'error',
      `role ${role.name} has a trust policy of ${trustLength} characters; IAM's default quota is ${IAM_TRUST_POLICY_MAX_CHARS}`,
      'Shorten the issuer or subject, or raise the account quota (up to 8,192) and record an exception.',
    );
  }

  const tags = Object.entries(role.tags);
  if (tags.length > IAM_TAGS_MAX) {
    report(
      'limits.tags',
      'error',
      `role ${role.name} would carry ${tags.length} tags; IAM allows ${IAM_TAGS_MAX}`,
      'Remove tags.',
    );
  }
  for (const [key, value] of tags) {
    if (
      key.length > IAM_TAG_KEY_MAX ||
      value.length > IAM_TAG_VALUE_MAX ||
      !IAM_TAG_PATTERN.test(key) ||
      !IAM_TAG_PATTERN.test(value)
    ) {
      report(
        'limits.tags',
        'error',
        `role ${role.name} tag ${key}=${value} breaks IAM's tag rules (key ≤ ${IAM_TAG_KEY_MAX}, value ≤ ${IAM_TAG_VALUE_MAX} characters of letters, digits, spaces and _.:/=+-@)`,
        'Shorten the app, identity or revision name.',
      );
    }
  }

  if (role.path.length > IAM_PATH_MAX) {
    report(
      'limits.path',
      'error',
      `role path ${role.path} is ${role.path.length} characters; IAM allows ${IAM_PATH_MAX}`,
      'Shorten rolePath.',
    );
  }
  if (role.description.length > IAM_DESCRIPTION_MAX) {
    report(
      'limits.description',
      'error',
      `role ${role.name} description is ${role.description.length} characters; IAM allows ${IAM_DESCRIPTION_MAX}`,
      'Shorten the app or parent names.',
    );
  }
  return findings;
}
