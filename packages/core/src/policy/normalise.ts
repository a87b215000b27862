import type { ConditionBlock, PolicyDocument, PolicyStatement, Principal } from './document.js';
import { POLICY_VERSION } from './document.js';

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'] as const;

/**
 * Brings a policy as written (YAML or JSON, AWS's spelling) into the one shape
 * every check reads: `Statement` a list, list fields lists, condition values
 * strings in lists. AWS accepts a single statement object and single strings,
 * so these are equal to their one-element-list spellings after this step.
 * The input has passed the schema (or IAM itself produced it); anything outside
 * that shape is left as found rather than guessed at.
 */
export function normalisePolicy(raw: unknown): PolicyDocument {
  const source = (raw ?? {}) as Record<string, unknown>;
  const statements = Array.isArray(source.Statement) ? source.Statement : [source.Statement];
  const version = source.Version === '2008-10-17' ? '2008-10-17' : POLICY_VERSION;
  return {
    Version: version,
    Statement: statements
      .filter((item) => item && typeof item === 'object')
      .map(normaliseStatement),
  };
}

/** One statement in the normalised shape. */
export function normaliseStatement(raw: unknown): PolicyStatement {
  const source = raw as Record<string, unknown>;
  const statement: PolicyStatement = { Effect: source.Effect === 'Deny' ? 'Deny' : 'Allow' };
  if (typeof source.Sid === 'string') statement.Sid = source.Sid;
  for (const field of LIST_FIELDS) {
    if (source[field] !== undefined) statement[field] = toStringList(source[field]);
  }
  if (source.Principal !== undefined) statement.Principal = normalisePrincipal(source.Principal);
  if (source.NotPrincipal !== undefined) {
    statement.NotPrincipal = normalisePrincipal(source.NotPrincipal);
  }
  if (source.Condition && typeof source.Condition === 'object') {
    statement.Condition = normaliseCondition(source.Condition as Record<string, unknown>);
  }
  return statement;
}

function normalisePrincipal(raw: unknown): Principal {
  if (raw === '*') return '*';
  const principal: Record<string, string[]> = {};
  for (const [type, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    principal[type] = toStringList(value);
  }
  return principal;
}

function normaliseCondition(raw: Record<string, unknown>): ConditionBlock {
  const block: ConditionBlock = {};
  for (const [operator, entries] of Object.entries(raw)) {
    const keys: Record<string, string[]> = {};
    for (const [key, value] of Object.entries((entries ?? {}) as Record<string, unknown>)) {
      keys[key] = toStringList(value);
    }
    block[operator] = keys;
  }
  return block;
}

/** IAM compares condition values as strings: `true` and `"true"` are one value. */
function toStringList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => (typeof item === 'string' ? item : String(item)));
}
