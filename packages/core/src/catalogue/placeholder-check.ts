import type { Finding, SourcePosition } from '../findings/finding.js';
import { isKnownPlaceholder, placeholdersIn } from '../policy/placeholders.js';
import { pointerOf } from './model.js';
import { suggest } from './schema.js';

/** A catalogue placeholder aoa-iam does not know, and the JSON pointer of the string holding it. */
export interface UnknownPlaceholder {
  name: string;
  pointer: string;
}

/**
 * Walks a policy as written (before normalisation, so pointers match the
 * source) and returns every unknown catalogue placeholder with where it sits.
 */
export function findUnknownPlaceholders(raw: unknown, pointer: string): UnknownPlaceholder[] {
  const found: UnknownPlaceholder[] = [];
  const visit = (text: string, at: string) => {
    for (const name of placeholdersIn(text)) {
      if (!isKnownPlaceholder(name)) found.push({ name, pointer: at });
    }
    if (withoutWellFormedVariables(text).includes('${')) found.push({ name: '', pointer: at });
  };
  const walk = (node: unknown, at: string) => {
    if (typeof node === 'string') visit(node, at);
    else if (Array.isArray(node)) {
      node.forEach((item, index) => {
        walk(item, `${at}/${index}`);
      });
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const child = `${at}${pointerOf(key)}`;
        visit(key, child);
        walk(value, child);
      }
    }
  };
  walk(raw, pointer);
  return found;
}

/**
 * `text` without its well-formed `${…}` runs: catalogue placeholders, IAM policy
 * variables (`${aws:username}`, with an optional `, 'default'`) and IAM's escapes
 * `${*}`, `${?}`, `${$}`. A `${` left over is malformed (unclosed, empty, `${aws:}`).
 */
function withoutWellFormedVariables(text: string): string {
  return text.replace(/\$\{(?:[^}:*?$\s]+|[^}:\s]+:[^}\s,]+(?:,\s*'[^']*')?|\*|\?|\$)\}/g, '');
}

/** The finding for an unknown or malformed placeholder, with the names it could have meant. */
export function unknownPlaceholderFinding(
  capability: string,
  unknown: UnknownPlaceholder,
  position: SourcePosition,
): Finding {
  const known = ['account', 'region', 'partition', 'env', 'app', 'namespace', 'serviceAccount'];
  if (unknown.name === '') {
    return {
      rule: 'catalogue.placeholder',
      severity: 'error',
      message: `capability "${capability}" has a malformed \${…}: unclosed, empty, or an IAM variable without a key`,
      fix: `Close it as \${name} with one of ${known.join(', ')}, or write a full IAM policy variable such as \${aws:username}; a literal "\${" is written \${$}.`,
      position,
    };
  }
  return {
    rule: 'catalogue.placeholder',
    severity: 'error',
    message: `capability "${capability}" uses the unknown placeholder \${${unknown.name}}`,
    fix: `Use one of ${known.map((name) => `\${${name}}`).join(', ')}${suggest(unknown.name, known)}; IAM policy variables keep their colon, e.g. \${aws:username}.`,
    position,
  };
}
