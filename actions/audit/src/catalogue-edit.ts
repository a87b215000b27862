import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';

/**
 * Removes the block-sequence items at `pointers` (JSON pointers, RFC 6901, such
 * as `/apps/payments-api/temporary/0`) from a YAML catalogue and returns the new
 * text. The parsed tree finds each item; the text is then cut line by line, so
 * every other byte, comments and flow lists included, stays exactly as written.
 * A comment written just above a removed item goes with it, and a list left
 * empty is removed with its key, so no `temporary: []` remains.
 */
export function removeYamlNodes(source: string, pointers: readonly string[]): string {
  const document = parseDocument(source);
  if (document.errors.length > 0) {
    throw new Error(`cannot edit a catalogue that does not parse: ${document.errors[0]?.message}`);
  }

  const cuts: Array<[number, number]> = [];
  for (const [listPath, indices] of groupByList(pointers.map(pointerPath))) {
    const list = document.getIn(listPath, true);
    if (!isSeq(list) || list.flow) {
      throw new Error(`the catalogue has no block list at ${toPointer(listPath)}`);
    }
    for (const index of indices) {
      if (!list.items[index]) {
        throw new Error(
          `the catalogue has no node at ${toPointer([...listPath, index])}; it changed since it was read`,
        );
      }
    }
    if (indices.size === list.items.length) {
      cuts.push(keyRegion(source, document, listPath));
    } else {
      for (const index of indices) cuts.push(blockRegion(source, offsetOf(list.items[index])));
    }
  }

  let edited = source;
  for (const [start, end] of cuts.sort((a, b) => b[0] - a[0])) {
    edited = edited.slice(0, start) + edited.slice(end);
  }
  return edited;
}

function groupByList(
  paths: Array<Array<string | number>>,
): Map<Array<string | number>, Set<number>> {
  const byKey = new Map<string, [Array<string | number>, Set<number>]>();
  for (const path of paths) {
    const index = path.at(-1);
    if (typeof index !== 'number') {
      throw new Error(`Bug: ${toPointer(path)} does not name an item of a list.`);
    }
    const listPath = path.slice(0, -1);
    const key = JSON.stringify(listPath);
    const entry = byKey.get(key) ?? [listPath, new Set<number>()];
    entry[1].add(index);
    byKey.set(key, entry);
  }
  return new Map([...byKey.values()]);
}

/** The region of the `key:` line and its whole value, for a list emptied by the edit. */
function keyRegion(
  source: string,
  document: ReturnType<typeof parseDocument>,
  listPath: Array<string | number>,
): [number, number] {
  const parent = document.getIn(listPath.slice(0, -1), true);
  const key = listPath.at(-1);
  const pair = isMap(parent)
    ? parent.items.find((item) => isScalar(item.key) && item.key.value === key)
    : undefined;
  if (!pair || !isScalar(pair.key)) {
    throw new Error(`Bug: no key for the list at ${toPointer(listPath)}.`);
  }
  // An indentless list (`key:` then `- item` at the key's own column) belongs to the key too.
  return blockRegion(source, offsetOf(pair.key), true);
}

function offsetOf(node: unknown): number {
  const range = (node as Node | undefined)?.range;
  if (!range) throw new Error('Bug: a YAML node without a source range.');
  return range[0];
}

/**
 * The lines that belong to the block starting on the line of `offset`: that
 * line, every following line indented deeper (or blank), and the comment lines
 * directly above it at its own indentation. Trailing blank lines are left.
 */
function blockRegion(source: string, offset: number, ownsDashes = false): [number, number] {
  const lines = lineStarts(source);
  let first = lines.findLastIndex((start) => start <= offset);
  const indent = indentation(lineAt(source, lines, first));

  let last = first;
  for (let i = first + 1; i < lines.length; i += 1) {
    const line = lineAt(source, lines, i);
    if (line.trim() === '') continue;
    const dashAtIndent = ownsDashes && indentation(line) === indent && /^\s*- /.test(line);
    if (indentation(line) <= indent && !dashAtIndent) break;
    last = i;
  }
  while (first > 0) {
    const above = lineAt(source, lines, first - 1);
    if (!above.trimStart().startsWith('#') || indentation(above) !== indent) break;
    first -= 1;
  }
  return [lines[first]!, lines[last + 1] ?? source.length];
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i += 1) {
    if (source[i] === '\n' && i + 1 < source.length) starts.push(i + 1);
  }
  return starts;
}

function lineAt(source: string, starts: number[], index: number): string {
  const end = starts[index + 1] ?? source.length;
  return source.slice(starts[index], end).replace(/\r?\n$/, '');
}

/** Number of leading spaces. */
function indentation(line: string): number {
  return line.length - line.trimStart().length;
}

function pointerPath(pointer: string): Array<string | number> {
  if (!pointer.startsWith('/')) {
    throw new Error(`Bug: "${pointer}" is not a JSON pointer to a node inside the catalogue.`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function toPointer(path: ReadonlyArray<string | number>): string {
  return path.map((segment) => `/${segment}`).join('');
}
