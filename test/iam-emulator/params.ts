/**
 * What every emulated IAM action shares: the request context, and reading the
 * query protocol's form parameters (scalars, `.member.N` lists, paging).
 */
import type { EmulatedAccount } from './account.js';
import { IamError } from './account.js';
import type { XmlValue } from './xml.js';

/** Per-request context: the account, the clock and how long a new role stays invisible. */
export interface OperationContext {
  account: EmulatedAccount;
  now: number;
  invisibleForMs: number;
  /** Service-last-accessed jobs, by id. */
  jobs: Map<string, string>;
}

/** One IAM action: decoded form parameters in, the `<ActionResult>` body out. */
export type Handler = (params: URLSearchParams, context: OperationContext) => XmlValue | undefined;

/** A required form parameter, or IAM's ValidationError naming it. */
export function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) {
    throw new IamError('ValidationError', 400, `1 validation error detected: ${name} is required`);
  }
  return value;
}

/** Reads a `Name.member.N` list of scalars. */
export function memberList(params: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let index = 1; params.has(`${name}.member.${index}`); index++) {
    values.push(params.get(`${name}.member.${index}`)!);
  }
  return values;
}

/** Reads `Tags.member.N.Key/Value` pairs. */
export function tagList(params: URLSearchParams): Array<[string, string]> {
  const tags: Array<[string, string]> = [];
  for (let index = 1; params.has(`Tags.member.${index}.Key`); index++) {
    tags.push([
      params.get(`Tags.member.${index}.Key`)!,
      params.get(`Tags.member.${index}.Value`) ?? '',
    ]);
  }
  return tags;
}

/** Marker/IsTruncated paging: the marker is the index of the next item. */
export function page<T>(items: T[], params: URLSearchParams, defaultSize = 100) {
  const size = Math.min(Number(params.get('MaxItems') ?? defaultSize), 1_000);
  if (!Number.isInteger(size) || size < 1) {
    throw new IamError('ValidationError', 400, 'MaxItems must be between 1 and 1000.');
  }
  const start = Number(params.get('Marker') ?? '0');
  const slice = items.slice(start, start + size);
  const truncated = start + size < items.length;
  return { slice, IsTruncated: truncated, Marker: truncated ? String(start + size) : undefined };
}
