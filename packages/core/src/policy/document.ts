/** Condition block in IAM's shape: operator → condition key → values (always a list once normalised). */
export type ConditionBlock = Record<string, Record<string, string[]>>;

/** A principal as IAM writes it: `"*"` or a map of principal type to values. */
export type Principal = '*' | Record<string, string[]>;

/**
 * One IAM statement after normalisation: every list-valued field is a list, even
 * when the source wrote a single string, so no check ever iterates a string.
 */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Principal?: Principal;
  NotPrincipal?: Principal;
  Condition?: ConditionBlock;
}

/** An IAM policy document after normalisation. */
export interface PolicyDocument {
  Version: '2012-10-17' | '2008-10-17';
  Statement: PolicyStatement[];
}

/** The only policy language version aoa-iam writes; `2008-10-17` lacks policy variables. */
export const POLICY_VERSION = '2012-10-17';
