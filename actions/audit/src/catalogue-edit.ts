import { isMap, isScalar, isSeq, type Node, parseDocument } from 'yaml';

/**
 * Removes the block-sequence items at `pointers` (JSON pointers, RFC 6901, such
 * as `/apps/payments-api/temporary/0`) from a YAML catalogue and returns the new
 * text. The parsed tree gives each item's exact source range (comments inside
 * it included, at any column); that range is cut from the text, so every other
 * byte, comments and flow lists included, stays exactly as written. Comment
 * lines just above an item at its own indentation go with it, and a list left
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
      cuts.push(keyRegion(source, document, listPath, list));
    } else {
      for (const index of indices) {
        const [start, end] = rangeOf(list.items[index]);
        cuts.push([withCommentsAbove(source, start), endOfLine(source, end)]);
      }
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

/** From the `key:` line (and the comments just above it) to the end of its list. */
function keyRegion(
  source: string,
  document: ReturnType<typeof parseDocument>,
  listPath: Array<string | number>,
  list: Node,
): [number, number] {
  const parent = document.getIn(listPath.slice(0, -1), true);
  const key = listPath.at(-1);
  const pair = isMap(parent)
    ? parent.items.find((item) => isScalar(item.key) && item.key.value === key)
    : undefined;
  if (!pair || !isScalar(pair.key)) {
    throw new Error(`Bug: no key for the list at ${toPointer(listPath)}.`);
  }
  const [start] = rangeOf(pair.key);
  const [, end] = rangeOf(list);
  return [withCommentsAbove(source, start), endOfLine(source, end)];
}

/** The node's source range: its first character and the end of its value. */
function rangeOf(node: unknown): [number, number] {
  const range = (node as Node | undefined)?.range;
  if (!range) throw new Error('Bug: a YAML node without a source range.');
  return [range[0], range[1]];
}

/**
 * The start of the line holding `offset`, moved up over the comment lines
 * directly above it at the same indentation (they describe what is removed).
 */
function withCommentsAbove(source: string, offset: number): number {
  let start = source.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = source.indexOf('\n', start);
  const indent = indentation(source.slice(start, lineEnd === -1 ? undefined : lineEnd));
  for (;;) {
    if (start === 0) return start;
    const above = source.lastIndexOf('\n', start - 2) + 1;
    const line = source.slice(above, start - 1);
    if (!line.trimStart().startsWith('#') || indentation(line) !== indent) return start;
    start = above;
  }
}

/** `offset` when it starts a line (or ends the text), else the start of the next line. */
function endOfLine(source: string, offset: number): number {
  if (offset >= source.length || source[offset - 1] === '\n') return offset;
  const next = source.indexOf('\n', offset);
  return next === -1 ? source.length : next + 1;
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
