import { globContains, globMatches, globsIntersect } from './glob.js';

/** AWS partitions aoa-iam understands in ARNs; `aws-iso*` covers the isolated regions. */
export const AWS_PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
] as const;

/** The six fields of an ARN; `resource` keeps any further colons. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN (or ARN pattern) into its fields, or undefined when it is not `arn:…` with six fields. */
export function parseArn(arn: string): ArnParts | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(':'),
  };
}

/**
 * Turns policy variables and template placeholders (`${aws:username}`,
 * `${AWS_PARTITION}`) into `*`: they stand for a value only known at request time,
 * so for matching they may be anything.
 * Not yet: IAM's escapes `${*}`, `${?}` and `${$}` (literal characters) are read as `*`
 * too, which makes such a resource look broader than it is.
 */
export function resourcePattern(resource: string): string {
  return resource.replace(/\$\{[^}]*\}/g, '*');
}

type Pairwise = (a: string, b: string) => boolean;

/**
 * Compares two ARNs field by field (a wildcard in the region does not run into the
 * account), falling back to the whole string when either is not a six-field ARN.
 */
function fieldwise(a: string, b: string, whole: Pairwise): boolean {
  const left = parseArn(a);
  const right = parseArn(b);
  if (!left || !right) return whole(a, b);
  return (
    whole(left.partition, right.partition) &&
    whole(left.service, right.service) &&
    whole(left.region, right.region) &&
    whole(left.account, right.account) &&
    whole(left.resource, right.resource)
  );
}

/** True when the resource pattern matches the concrete ARN. Resources are case-sensitive. */
export function resourceMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  return fieldwise(resourcePattern(pattern), arn, (p, v) => globMatches(p, v));
}

/** True when every ARN `inner` can match is also matched by `outer`. */
export function resourcePatternContains(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  return fieldwise(resourcePattern(outer), resourcePattern(inner), (o, i) => globContains(o, i));
}

/** True when some ARN matches both patterns. */
export function resourcePatternsIntersect(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  return fieldwise(resourcePattern(a), resourcePattern(b), (x, y) => globsIntersect(x, y));
}
