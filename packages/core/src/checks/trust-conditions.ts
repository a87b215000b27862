import type { Finding } from '../findings/finding.js';
import type { PolicyStatement } from '../policy/document.js';
import { makeFinding } from './finding-builder.js';
import type { PolicySite } from './policy-site.js';

/** The audience AWS STS expects in web identity tokens for IRSA and GitHub Actions. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** Condition keys of web identity tokens that hold exactly one value. */
const SINGLE_VALUED_SUFFIXES = [':sub', ':aud', ':oaud', ':azp'];

function isSingleValued(key: string): boolean {
  const lower = key.toLowerCase();
  return SINGLE_VALUED_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** `ForAllValues:StringLikeIfExists` → `{ set: 'ForAllValues', base: 'StringLike' }`. */
export function splitOperator(operator: string): { set?: string; base: string } {
  const colon = operator.indexOf(':');
  const set = colon >= 0 ? operator.slice(0, colon) : undefined;
  const rest = colon >= 0 ? operator.slice(colon + 1) : operator;
  const base = rest.endsWith('IfExists') ? rest.slice(0, -'IfExists'.length) : rest;
  return set ? { set, base } : { base };
}

/** What a subject pattern would trust, in words, for the GitHub and Kubernetes forms. */
export function describeSubjectPattern(value: string): string {
  const github = /^repo:([^/:]+)\/(.*)$/.exec(value);
  if (github) {
    const [, owner, rest] = github;
    if (rest!.startsWith('*')) return `every repository of ${owner}`;
    const repo = rest!.split(':')[0];
    return `every branch, tag, environment and pull request of ${owner}/${repo} that matches`;
  }
  if (value.startsWith('system:serviceaccount:')) {
    return 'every service account of the cluster that matches';
  }
  return 'every subject of the issuer that matches';
}

function isWebIdentity(statement: PolicyStatement): boolean {
  const actions = statement.Action ?? [];
  return actions.some((action) => action.toLowerCase() === 'sts:assumerolewithwebidentity');
}

function principalIsAnyone(statement: PolicyStatement): boolean {
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (!principal) return false;
  return Object.values(principal).some((values) => values.includes('*'));
}

/**
 * Checks one trust policy on its own: any principal, web identity trust without a
 * subject or audience, wildcard subjects, `StringEquals` with `*`, and
 * `ForAllValues` on single-valued keys. Operators with `IfExists` are valid.
 */
export function checkTrustConditions(site: PolicySite): Finding[] {
  const findings: Finding[] = [];
  site.document.Statement.forEach((statement, index) => {
    if (statement.Effect !== 'Allow') return;
    const report = (rule: string, pointer: string, message: string, fix: string) =>
      findings.push(
        makeFinding(rule, {
          message: `${site.label}: ${message}`,
          fix,
          position: site.locate(`/Statement/${index}${pointer}`),
          subject: site.subject,
        }),
      );
    if (principalIsAnyone(statement)) {
      report(
        'isolation.wildcard-subject',
        '/Principal',
        `statement ${index} trusts any principal (Principal "*").`,
        'Name the exact principal: the identity provider ARN or the role ARN.',
      );
    }
    if (!isWebIdentity(statement)) return;
    const entries = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys).map(([key, values]) => ({ operator, key, values })),
    );
    const sub = entries.filter((entry) => entry.key.toLowerCase().endsWith(':sub'));
    const aud = entries.filter((entry) => entry.key.toLowerCase().endsWith(':aud'));
    if (sub.length === 0) {
      report(
        'isolation.missing-subject',
        '',
        `statement ${index} lets every identity of the issuer assume the role: it has no :sub condition.`,
        'Add StringEquals on <issuer>:sub with the exact subject.',
      );
    }
    if (aud.length === 0) {
      report(
        'isolation.missing-audience',
        '',
        `statement ${index} has no :aud condition, so tokens minted for any audience are accepted.`,
        `Add StringEquals on <issuer>:aud = "${STS_AUDIENCE}".`,
      );
    }
    for (const { operator, key, values } of entries) {
      const { set, base } = splitOperator(operator);
      const pointer = `/Condition/${operator.replaceAll('~', '~0').replaceAll('/', '~1')}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (set === 'ForAllValues' && isSingleValued(key)) {
        report(
          'isolation.for-all-values-single-key',
          pointer,
          `${operator} on "${key}": ForAllValues is true when the key is missing from the token, so this condition restricts nothing.`,
          `Use ${base} without ForAllValues on single-valued keys.`,
        );
      }
      const wild = values.filter((value) => /[*?]/.test(value));
      // A template placeholder under StringLike may stand for "*" (CloudFormation
      // parameters often default to it); under StringEquals it is no pattern.
      const templated = values.filter((value) => /\$\{[^}]+\}/.test(value) && !/[*?]/.test(value));
      if (base === 'StringLike' && key.toLowerCase().endsWith(':sub') && templated.length > 0) {
        report(
          'isolation.wildcard-subject',
          pointer,
          `${operator} on "${key}" with "${templated[0]}": the placeholders are matched as patterns, so if any of them is "*" the role trusts ${describeSubjectPattern(templated[0]!.replace(/\$\{[^}]+\}/g, '*'))}.`,
          'Write the exact subject under StringEquals, with every placeholder filled in.',
        );
      }
      if (wild.length === 0) continue;
      if (base === 'StringEquals' || base === 'StringEqualsIgnoreCase') {
        report(
          'isolation.string-equals-wildcard',
          pointer,
          `${operator} on "${key}" with "${wild[0]}": under ${base} the "*" is a literal character, so no real subject matches. Did you mean StringLike? As StringLike it would trust ${describeSubjectPattern(wild[0]!)}.`,
          'Write the exact subject under StringEquals.',
        );
      } else if (base === 'StringLike' && key.toLowerCase().endsWith(':sub')) {
        report(
          'isolation.wildcard-subject',
          pointer,
          `${operator} on "${key}" with "${wild[0]}" trusts ${describeSubjectPattern(wild[0]!)}.`,
          'Write the exact subject under StringEquals; where a pattern is needed, record an exception with the reason.',
        );
      }
    }
  });
  return findings;
}
