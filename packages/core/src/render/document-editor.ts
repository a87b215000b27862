import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ManifestDocument } from './manifest-document.js';
import { blockEntryLines, flowText, type InsertedValue, scalarText } from './scalar-text.js';

/** A replacement of `[start, end)` in the stream by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Collects source-level edits to one document: every change replaces or
 * inserts the fewest characters, so comments, key order, quoting and scalar
 * styles around it stay byte for byte as written.
 */
export class DocumentEditor {
  readonly edits: TextEdit[] = [];
  private readonly step: number;

  constructor(readonly manifest: ManifestDocument) {
    this.step = indentationStep(manifest);
  }

  /** True when at least one edit was made. */
  get changed(): boolean {
    return this.edits.length > 0;
  }

  /** Sets `key` to a string in `map`: replaces an existing scalar, or appends a new entry. */
  setScalar(map: YAMLMap, key: string, value: string): void {
    const pair = this.manifest.pair(map, key);
    const current = pair?.value as Node | null | undefined;
    // `""`, `''`, `~` and `null` are written text too: replace them, never write beside them.
    if (pair && isScalar(current) && hasText(current)) {
      this.replace(current.range![0], current.range![1], scalarText(value));
      return;
    }
    if (pair) {
      this.fillEmptyValue(pair, value);
      return;
    }
    this.append(map, key, value);
  }

  /**
   * Sets each `key: value` of `entries` in the map that `parent[mapKey]` holds,
   * creating that map (or filling an empty `mapKey:`) when needed.
   */
  setInChild(parent: YAMLMap, mapKey: string, entries: ReadonlyArray<[string, string]>): void {
    if (entries.length === 0) return;
    const pair = this.manifest.pair(parent, mapKey);
    const child = this.manifest.resolve(pair?.value);
    if (isMap(child)) {
      for (const [key, value] of entries) this.setScalar(child as YAMLMap, key, value);
    } else if (pair) {
      this.fillEmptyValue(pair, Object.fromEntries(entries));
    } else {
      this.append(parent, mapKey, Object.fromEntries(entries));
    }
  }

  /** Appends `key: value` as the last entry of `map`, in the map's own style and indentation. */
  append(map: YAMLMap, key: string, value: InsertedValue): void {
    const source = this.manifest.source;
    const last = map.items.at(-1);
    if (map.flow || !last) {
      this.appendFlow(map, key, value);
      return;
    }
    const firstKey = map.items[0]!.key as Node;
    const column = source.columnOf(this.manifest.at(firstKey.range![0]));
    const at = source.lineEndAfter(this.manifest.at(pairEnd(last as Pair<Node, Node | null>)));
    const prefix = at === source.text.length && !source.text.endsWith('\n') ? '\n' : '';
    const lines = blockEntryLines(key, value, this.step).map(
      (line) => `${' '.repeat(column)}${line}\n`,
    );
    this.insert(at, `${prefix}${lines.join('')}`);
  }

  /** Removes the entry `key` from a block or flow map. */
  remove(map: YAMLMap, pair: Pair<Node, Node | null>): void {
    const source = this.manifest.source;
    if (map.flow) {
      const kept = map.items
        .filter((item) => item !== pair)
        .map((item) => {
          const entry = item as Pair<Node, Node | null>;
          return source.text.slice(
            this.manifest.at(entry.key.range![0]),
            this.manifest.at(pairEnd(entry)),
          );
        });
      this.replace(map.range![0], map.range![1], `{${kept.join(', ')}}`);
      return;
    }
    const start = source.lineStartOf(this.manifest.at(pair.key.range![0]));
    const end = source.lineEndAfter(this.manifest.at(pairEnd(pair)));
    this.edits.push({ start, end, text: '' });
  }

  /** The document's text from `from` to the span's end with every edit applied. */
  apply(from: number): string {
    const text = this.manifest.source.text;
    const end = this.manifest.span.end;
    const sorted = [...this.edits].sort((left, right) => left.start - right.start);
    const parts: string[] = [];
    let cursor = from;
    for (const edit of sorted) {
      parts.push(text.slice(cursor, edit.start), edit.text);
      cursor = edit.end;
    }
    parts.push(text.slice(cursor, end));
    return parts.join('');
  }

  private appendFlow(map: YAMLMap, key: string, value: InsertedValue): void {
    const entry = `${scalarText(key)}: ${flowText(value)}`;
    const last = map.items.at(-1) as Pair<Node, Node | null> | undefined;
    if (last) {
      this.insert(this.manifest.at(pairEnd(last)), `, ${entry}`);
      return;
    }
    // An empty `{}`: write the entry between the braces.
    const open = this.manifest.source.text.indexOf('{', this.manifest.at(map.range![0]));
    this.insert(open + 1, entry);
  }

  /** `key:` with nothing after it, or `key: null`/`~`: write the value there. */
  private fillEmptyValue(pair: Pair<Node, Node | null>, value: InsertedValue): void {
    const source = this.manifest.source;
    const current = pair.value;
    if (isScalar(current) && hasText(current)) {
      this.replace(current.range![0], current.range![1], flowText(value));
      return;
    }
    if (typeof value === 'string') {
      // An empty value starts after the colon and after any tag or anchor on it.
      const at = this.manifest.at(current?.range ? current.range[0] : pair.key.range![1] + 1);
      const space = this.manifest.source.text[at - 1] === ' ' ? '' : ' ';
      this.insert(at, `${space}${scalarText(value)}`);
      return;
    }
    const keyStart = this.manifest.at(pair.key.range![0]);
    const column = source.columnOf(keyStart) + this.step;
    const at = source.lineEndAfter(this.manifest.at(pair.key.range![1]));
    const lines = Object.entries(value).flatMap(([key, item]) =>
      blockEntryLines(key, item, this.step).map((line) => `${' '.repeat(column)}${line}\n`),
    );
    this.insert(at, lines.join(''));
  }

  private replace(relativeStart: number, relativeEnd: number, text: string): void {
    this.edits.push({
      start: this.manifest.at(relativeStart),
      end: this.manifest.at(relativeEnd),
      text,
    });
  }

  private insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }
}

/** End of a pair's value (or of its key when the value is empty), node-relative. */
function pairEnd(pair: Pair<Node, Node | null>): number {
  const value = pair.value;
  if (value?.range && hasText(value)) return value.range[1];
  return pair.key.range![1];
}

/** True when the node has source text of its own: `""` and `~` do, an empty `key:` does not. */
function hasText(node: Node): boolean {
  return node.range !== undefined && node.range !== null && node.range[1] > node.range[0];
}

/**
 * The document's indentation step: the indentation of its first indented line,
 * so inserted lines look like their neighbours. Two spaces when nothing is indented.
 */
function indentationStep(manifest: ManifestDocument): number {
  const text = manifest.source.text;
  const match = /\n( +)\S/.exec(text.slice(manifest.span.markerStart, manifest.span.end));
  const width = match?.[1]?.length ?? 2;
  return width >= 1 && width <= 8 ? width : 2;
}
