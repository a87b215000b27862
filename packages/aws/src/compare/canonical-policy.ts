/**
 * One spelling for policies that mean the same, so the live account and the
 * catalogue compare equal when only the writing differs: IAM answers
 * documents URL-encoded, with keys in its own order, and keeps a one-element
 * list as the string it was given (or the other way round).
 */

/** Fields whose order carries no meaning and whose values are sets of strings. */
const SET_FIELDS = new Set(['Action', 'NotAction', 'Resource', 'NotResource']);

/**
 * Decodes a policy document as IAM returns it (URL-encoded per RFC 3986).
 * Text that is already JSON, or that does not decode, is returned as is.
 */
export function decodePolicyText(text: string): string {
  if (text.trimStart().startsWith('{')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The canonical JSON of a policy: statements as a set, every set-like list
 * sorted without duplicates (a lone string becomes a one-element list), keys
 * sorted. Text that is not JSON is kept verbatim so it still compares unequal.
 */
export function canonicalPolicy(document: unknown): string {
  let value = document;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(decodePolicyText(value));
    } catch {
      return value as string;
    }
  }
  return JSON.stringify(canonicalDocument(value));
}

/** True when two policies mean the same by {@link canonicalPolicy}. */
export function samePolicy(a: unknown, b: unknown): boolean {
  return canonicalPolicy(a) === canonicalPolicy(b);
}

function canonicalDocument(value: unknown): unknown {
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = value[key];
    if (key === 'Statement') {
      const statements = (Array.isArray(field) ? field : [field]).map(canonicalStatement);
      result[key] = sortedUnique(statements.map((statement) => JSON.stringify(statement))).map(
        (text) => JSON.parse(text) as unknown,
      );
    } else {
      result[key] = field;
    }
  }
  return result;
}

function canonicalStatement(statement: unknown): unknown {
  if (!isObject(statement)) return statement;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(statement).sort()) {
    const field = statement[key];
    if (SET_FIELDS.has(key)) result[key] = stringSet(field);
    else if (key === 'Principal' || key === 'NotPrincipal') result[key] = canonicalPrincipal(field);
    else if (key === 'Condition') result[key] = canonicalCondition(field);
    else result[key] = field;
  }
  return result;
}

function canonicalPrincipal(principal: unknown): unknown {
  if (!isObject(principal)) return principal;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(principal).sort()) result[key] = stringSet(principal[key]);
  return result;
}

// Condition values are sets: IAM matches any of them, whatever the order.
function canonicalCondition(condition: unknown): unknown {
  if (!isObject(condition)) return condition;
  const result: Record<string, unknown> = {};
  for (const operator of Object.keys(condition).sort()) {
    const keys = condition[operator];
    if (!isObject(keys)) {
      result[operator] = keys;
      continue;
    }
    const inner: Record<string, unknown> = {};
    for (const key of Object.keys(keys).sort()) inner[key] = stringSet(keys[key]);
    result[operator] = inner;
  }
  return result;
}

function stringSet(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return sortedUnique(list.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))));
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
