/**
 * Scalars aoa-iam writes into a manifest. Kubernetes reads YAML 1.1, where
 * `yes`, `no`, `on`, `off`, `y`, `n` are booleans and `1:20` or `010` are
 * numbers, so anything that could read as other than a string is quoted.
 */
const SAFE_PLAIN = /^[A-Za-z/][A-Za-z0-9:/_.@+=,-]*$/;
const YAML_11_RESERVED =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

/** The YAML text of `value` as a string scalar: plain when unambiguous, else double-quoted. */
export function scalarText(value: string): string {
  if (SAFE_PLAIN.test(value) && !YAML_11_RESERVED.test(value) && !value.endsWith(':')) {
    return value;
  }
  return JSON.stringify(value);
}

/** A value aoa-iam inserts: a string, a list, or a map with keys in writing order. */
export type InsertedValue =
  | string
  | readonly InsertedValue[]
  | { readonly [key: string]: InsertedValue };

/**
 * Block-style lines for `key: value`, indented relative to the key's column
 * (`step` spaces per level), without a trailing newline on each line.
 */
export function blockEntryLines(key: string, value: InsertedValue, step: number): string[] {
  if (typeof value === 'string') return [`${scalarText(key)}: ${scalarText(value)}`];
  return [`${scalarText(key)}:`, ...blockValueLines(value, step).map((line) => indent(line, step))];
}

function blockValueLines(value: InsertedValue, step: number): string[] {
  if (typeof value === 'string') return [scalarText(value)];
  if (isList(value)) {
    return value.flatMap((item) => {
      const lines = typeof item === 'string' ? [scalarText(item)] : blockValueLines(item, step);
      return lines.map((line, index) => (index === 0 ? `- ${line}` : `  ${line}`));
    });
  }
  return Object.entries(value).flatMap(([key, item]) => blockEntryLines(key, item, step));
}

/** Flow-style text of `value`, for inserting into a `{…}` map written on one line. */
export function flowText(value: InsertedValue): string {
  if (typeof value === 'string') return scalarText(value);
  if (isList(value)) return `[${value.map(flowText).join(', ')}]`;
  const entries = Object.entries(value).map(
    ([key, item]) => `${scalarText(key)}: ${flowText(item)}`,
  );
  return `{${entries.join(', ')}}`;
}

function isList(value: InsertedValue): value is readonly InsertedValue[] {
  return Array.isArray(value);
}

function indent(line: string, step: number): string {
  return `${' '.repeat(step)}${line}`;
}
