import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Finding, SourcePosition } from '../findings/finding.js';
import { catalogueSchemaV1 } from './catalogue-schema.js';

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The validator for the whole catalogue (`''`) or one of its definitions. */
function validator(definition = ''): ValidateFunction {
  let validate = compiled.get(definition);
  if (!validate) {
    ajv ??= new Ajv({ allErrors: true, strict: false, verbose: true });
    if (!ajv.getSchema(catalogueSchemaV1.$id)) ajv.addSchema(catalogueSchemaV1);
    validate = ajv.getSchema(
      definition ? `${catalogueSchemaV1.$id}#/definitions/${definition}` : catalogueSchemaV1.$id,
    )!;
    compiled.set(definition, validate);
  }
  return validate;
}

/**
 * Checks a parsed catalogue against the JSON Schema and turns ajv's errors into
 * findings a person can act on: the field, the value, the rule and what to write.
 */
export function checkSchema(
  value: unknown,
  file: string,
  positions: Map<string, SourcePosition>,
  definition: '' | 'policyDocument' = '',
): Finding[] {
  const validate = validator(definition);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const findings = summarise(errors).map((error) => toFinding(error, file, positions));
  return dedupe(findings);
}

/** Drops the noise of unions: `if` wrappers and the branches of required-only `oneOf`s. */
function summarise(errors: readonly ErrorObject[]): ErrorObject[] {
  const requiredOnlyUnions = errors.filter(
    (error) =>
      (error.keyword === 'oneOf' || error.keyword === 'anyOf') && isRequiredOnlyUnion(error.schema),
  );
  return errors.filter((error) => {
    if (error.keyword === 'if') return false;
    if (error.keyword !== 'required') return true;
    return !requiredOnlyUnions.some(
      (union) =>
        union.instancePath === error.instancePath &&
        error.schemaPath.startsWith(`${union.schemaPath}/`),
    );
  });
}

function isRequiredOnlyUnion(branches: unknown): branches is Array<{ required: string[] }> {
  return (
    Array.isArray(branches) &&
    branches.every(
      (branch) =>
        typeof branch === 'object' &&
        branch !== null &&
        Object.keys(branch).length === 1 &&
        Array.isArray((branch as { required?: unknown }).required),
    )
  );
}

function toFinding(
  error: ErrorObject,
  file: string,
  positions: Map<string, SourcePosition>,
): Finding {
  const path = error.instancePath;
  const field = describePath(path);
  const position = (pointer: string) =>
    positions.get(`${pointer}#value`) ??
    positions.get(pointer) ??
    nearest(positions, pointer, file);
  const base = { rule: 'catalogue.schema', severity: 'error' as const };

  switch (error.keyword) {
    case 'additionalProperties': {
      const unknown = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      return {
        ...base,
        message: `unknown field "${unknown}" in ${field}`,
        fix: allowed.length
          ? `Remove it, or use one of: ${allowed.join(', ')}${suggest(unknown, allowed)}.`
          : 'Remove it.',
        position: positions.get(`${path}/${escapeSegment(unknown)}`) ?? position(path),
      };
    }
    case 'required': {
      const missing = String(error.params.missingProperty);
      return {
        ...base,
        message: `${field} is missing the field "${missing}"`,
        fix: `Add "${missing}:"${describeSchema(error.parentSchema?.properties?.[missing])}.`,
        position: positions.get(path) ?? nearest(positions, path, file),
      };
    }
    case 'oneOf':
    case 'anyOf': {
      if (isRequiredOnlyUnion(error.schema)) {
        const names = error.schema.map((branch) => branch.required[0]);
        const present = names.filter(
          (name) => typeof error.data === 'object' && error.data !== null && name! in error.data,
        );
        return {
          ...base,
          message:
            present.length > 1
              ? `${field} sets ${present.join(' and ')}; only one of them is allowed`
              : `${field} needs one of: ${names.join(', ')}`,
          fix: `Keep exactly one of ${names.join(', ')}.`,
          position: positions.get(path) ?? nearest(positions, path, file),
        };
      }
      return {
        ...base,
        message: `${field} does not match any allowed form`,
        fix: describeFix(error),
        position: position(path),
      };
    }
    case 'type':
      return {
        ...base,
        message: `${field} must be ${article(String(error.params.type))}, found ${typeName(error.data)}`,
        fix: `Write ${article(String(error.params.type))} here${describeSchema(error.parentSchema)}.`,
        position: position(path),
      };
    case 'enum':
    case 'const': {
      const allowed = (
        error.keyword === 'const' ? [error.params.allowedValue] : error.params.allowedValues
      ) as unknown[];
      return {
        ...base,
        message: `${field} is ${quoted(error.data)}; allowed: ${allowed.map((item) => JSON.stringify(item)).join(', ')}`,
        fix: `Write one of ${allowed.map(String).join(', ')}${suggest(String(error.data), allowed.map(String))}.`,
        position: position(path),
      };
    }
    case 'pattern':
      return {
        ...base,
        message: `${field} is ${quoted(error.data)}, which is not valid here`,
        fix: describeFix(error),
        position: position(path),
      };
    case 'propertyNames': {
      const name = String(error.params.propertyName);
      return {
        ...base,
        message: `the name "${name}" in ${field} is not valid`,
        fix: 'Use lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.',
        position: positions.get(`${path}/${escapeSegment(name)}`) ?? position(path),
      };
    }
    default:
      return {
        ...base,
        message: `${field} ${error.message ?? 'is invalid'}`,
        fix: describeFix(error),
        position: position(path),
      };
  }
}

function describeFix(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  return description
    ? `Expected: ${description}`
    : `Fix the value so that it ${error.message ?? 'matches the schema'}.`;
}

function describeSchema(schema: unknown): string {
  const description = (schema as { description?: string } | undefined)?.description;
  return description ? ` (${description.replace(/\.$/, '')})` : '';
}

function describePath(pointer: string): string {
  if (pointer === '') return 'the catalogue';
  return `"${pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.')}"`;
}

function nearest(
  positions: Map<string, SourcePosition>,
  pointer: string,
  file: string,
): SourcePosition {
  let current = pointer;
  while (current !== '') {
    const found = positions.get(current);
    if (found) return found;
    current = current.slice(0, current.lastIndexOf('/'));
  }
  return positions.get('') ?? { file, line: 1, column: 1 };
}

function escapeSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function article(type: string): string {
  const words = type
    .split(',')
    .map((word) => (word === 'array' ? 'a list' : word === 'object' ? 'a map' : `a ${word}`));
  return words.join(' or ');
}

function typeName(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${quoted(value)}`;
}

/** Longest value a message quotes; a longer one is cut, as it is rarely a name. */
const MAX_QUOTED = 40;

/**
 * A value as a message quotes it: short, so a file that is not a catalogue (a
 * key file, a netrc) is never echoed whole. Reports mask secrets on top.
 */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED
    ? `${text.slice(0, MAX_QUOTED - 4)}…" (${text.length - 2} characters)`
    : text;
}

/** ", did you mean X?" when one allowed word is within two edits of the given one. */
export function suggest(given: string, allowed: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(given.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(
        above + 1,
        previous[j - 1]! + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.message}@${finding.position?.line}:${finding.position?.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
