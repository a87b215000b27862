/**
 * What changed inside a policy document, in the words a reviewer checks:
 * actions, resources, principals and condition values that one side has and
 * the other lacks, with their statement's effect.
 */

/** Most entries shown per side before "and N more". */
const SHOWN = 6;

/** `+ Allow sqs:ReceiveMessage; - Allow cloudwatch:*` for two canonical policy texts. */
export function describeDocumentChange(
  live: string | undefined,
  desired: string | undefined,
): string {
  const before = facts(live);
  const after = facts(desired);
  const added = [...after].filter((fact) => !before.has(fact));
  const removed = [...before].filter((fact) => !after.has(fact));
  const parts: string[] = [];
  if (added.length > 0) parts.push(`+ ${shortList(added)}`);
  if (removed.length > 0) parts.push(`- ${shortList(removed)}`);
  return parts.length > 0 ? parts.join('; ') : 'statements regrouped';
}

function shortList(items: string[]): string {
  const shown = items.slice(0, SHOWN).join(', ');
  return items.length > SHOWN ? `${shown} and ${items.length - SHOWN} more` : shown;
}

/** Every effect-qualified action, resource, principal and condition value of a document. */
function facts(text: string | undefined): Set<string> {
  const found = new Set<string>();
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(text ?? '{}') as { Statement?: unknown };
  } catch {
    return found;
  }
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  for (const raw of statements) {
    if (typeof raw !== 'object' || raw === null) continue;
    const statement = raw as Record<string, unknown>;
    const effect = String(statement.Effect ?? '');
    for (const field of ['Action', 'NotAction', 'Resource', 'NotResource']) {
      for (const value of list(statement[field])) {
        found.add(field.startsWith('Not') ? `${effect} ${field} ${value}` : `${effect} ${value}`);
      }
    }
    for (const [kind, values] of Object.entries(record(statement.Principal))) {
      for (const value of list(values)) found.add(`${effect} principal ${kind} ${value}`);
    }
    for (const [operator, keys] of Object.entries(record(statement.Condition))) {
      for (const [key, values] of Object.entries(record(keys))) {
        for (const value of list(values)) found.add(`${effect} if ${key} ${operator} ${value}`);
      }
    }
  }
  return found;
}

function list(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
