import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseAllDocuments,
  type YAMLMap,
} from 'yaml';
import type { DocumentSpan } from './document-spans.js';
import type { RenderLimits } from './limits.js';
import type { SourceText } from './source-text.js';

/** A problem that makes a document unreadable; the render turns it into a finding. */
export interface DocumentProblem {
  rule: 'render.yaml-syntax' | 'render.duplicate-key' | 'render.too-deep' | 'render.alias-bomb';
  message: string;
  fix: string;
  /** Absolute offset in the stream. */
  offset: number;
}

/**
 * One document of the stream, parsed by the `yaml` package (YAML 1.2 core
 * schema, so `no` and `on` stay strings) with node ranges kept. Node ranges are
 * relative to {@link base}; {@link at} turns them into stream offsets.
 */
export class ManifestDocument {
  private readonly anchors = new Map<string, Node>();

  private constructor(
    readonly source: SourceText,
    readonly span: DocumentSpan,
    readonly document: Document.Parsed,
    /** Offset in the stream where the parsed text starts. */
    readonly base: number,
  ) {}

  /**
   * Parses the document at `span`, checking duplicate keys, nesting depth and
   * alias expansion before anything reads a value. Returns problems instead of
   * a document when it cannot be read safely.
   */
  static parse(
    source: SourceText,
    span: DocumentSpan,
    limits: RenderLimits,
  ): { manifest?: ManifestDocument; problems: DocumentProblem[] } {
    const base = span.markerStart;
    let documents: Document.Parsed[];
    try {
      const parsed = parseAllDocuments(source.text.slice(base, span.end), {
        version: '1.2',
        schema: 'core',
        uniqueKeys: false,
        merge: false,
        prettyErrors: false,
      });
      documents = Array.isArray(parsed) ? parsed : [];
    } catch (error) {
      // The parser recurses per nesting level; a pathologically deep document
      // exhausts the stack before any depth check can run.
      if (error instanceof RangeError) return { problems: [tooDeep(base, limits)] };
      throw error;
    }

    const problems: DocumentProblem[] = [];
    for (const document of documents) {
      for (const error of document.errors) {
        problems.push({
          rule: 'render.yaml-syntax',
          // The parser quotes source text in some messages; never echo a manifest's bytes.
          message: `YAML syntax: ${(error.message.split('\n')[0] ?? '').replace(/:\s*".*$/, '')}`,
          fix: 'Correct the YAML at this position; the renderer that produced it may have a bug.',
          offset: base + error.pos[0],
        });
      }
    }
    if (problems.length > 0) return { problems };
    if (documents.length !== 1) {
      // The stream scanner and the parser disagree: report instead of guessing.
      const problem: DocumentProblem = {
        rule: 'render.yaml-syntax',
        message: `the YAML parser reads ${documents.length} documents where the stream has one`,
        fix: 'Put each document after its own "---" line in column 1.',
        offset: base,
      };
      return { problems: [problem] };
    }

    // Reading kind and name for a message follows no alias, so the document is
    // returned even when an alias bomb or a duplicate key makes it unusable.
    const manifest = new ManifestDocument(source, span, documents[0]!, base);
    return { manifest, problems: manifest.inspect(limits) };
  }

  /** Stream offset of a node-relative offset. */
  at(relative: number): number {
    return this.base + relative;
  }

  /** The root node, or undefined for an empty document. */
  get root(): Node | undefined {
    const contents = this.document.contents;
    if (contents === null) return undefined;
    if (isScalar(contents) && contents.value === null) return undefined;
    return contents as Node;
  }

  /** Follows an alias to the node its anchor names; other nodes come back unchanged. */
  resolve(node: unknown): Node | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return this.anchors.get(node.source);
    return node as Node;
  }

  /** The pair of `map` whose scalar key is `key`. Duplicate keys were refused before. */
  pair(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
    for (const item of map.items) {
      const keyNode = item.key as Node | null;
      if (isScalar(keyNode) && String(keyNode.value) === key)
        return item as Pair<Node, Node | null>;
    }
    return undefined;
  }

  /** The value at `path` below `node` (map keys only), through aliases. */
  get(node: Node | undefined, ...path: string[]): Node | undefined {
    let current = node;
    for (const key of path) {
      const map = this.resolve(current);
      if (!isMap(map)) return undefined;
      current = this.resolve(this.pair(map, key)?.value);
    }
    return current;
  }

  /** The map at `path`, or undefined when absent or not a map. */
  getMap(node: Node | undefined, ...path: string[]): YAMLMap | undefined {
    const found = this.get(node, ...path);
    return isMap(found) ? (found as YAMLMap) : undefined;
  }

  /** The scalar at `path` as a string; null and absent values are undefined. */
  getString(node: Node | undefined, ...path: string[]): string | undefined {
    const found = this.get(node, ...path);
    if (!isScalar(found) || found.value === null || found.value === undefined) return undefined;
    return String(found.value);
  }

  /** Items of the sequence at `path`, or an empty list. */
  getItems(node: Node | undefined, ...path: string[]): Node[] {
    const found = this.get(node, ...path);
    if (!isSeq(found)) return [];
    return found.items.map((item) => this.resolve(item)).filter((item) => item !== undefined);
  }

  private inspect(limits: RenderLimits): DocumentProblem[] {
    const problems: DocumentProblem[] = [];
    const sizes = new Map<Node, number>();
    let expanded = 0;

    const visit = (node: Node | null | undefined, depth: number): number => {
      if (!node || problems.length > 0) return 0;
      if (depth > limits.maxDepth) {
        problems.push(tooDeep(this.at(node.range?.[0] ?? 0), limits));
        return 0;
      }
      if (isAlias(node)) {
        const target = this.anchors.get(node.source);
        const size = target ? (sizes.get(target) ?? 1) : 1;
        expanded += size;
        if (expanded > limits.maxAliasExpansion)
          problems.push(aliasBomb(this.at(node.range?.[0] ?? 0), limits));
        return size;
      }
      if (node.anchor) this.anchors.set(node.anchor, node);
      let size = 1;
      if (isMap(node)) size += this.visitMap(node as YAMLMap, depth, visit, problems);
      else if (isSeq(node)) for (const item of node.items) size += visit(item as Node, depth + 1);
      sizes.set(node, size);
      return size;
    };

    visit(this.document.contents as Node | null, 0);
    return problems;
  }

  private visitMap(
    map: YAMLMap,
    depth: number,
    visit: (node: Node | null | undefined, depth: number) => number,
    problems: DocumentProblem[],
  ): number {
    const seen = new Map<string, Node>();
    let size = 0;
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode)) {
        const key = String(keyNode.value);
        const earlier = seen.get(key);
        if (earlier) {
          problems.push(this.duplicateKey(key, earlier, keyNode));
          return size;
        }
        seen.set(key, keyNode);
      } else {
        size += visit(keyNode, depth + 1);
      }
      size += 1 + visit(pair.value as Node | null, depth + 1);
    }
    return size;
  }

  private duplicateKey(key: string, first: Node, second: Node): DocumentProblem {
    const firstLine = this.source.lineOf(this.at(first.range![0]));
    const secondLine = this.source.lineOf(this.at(second.range![0]));
    return {
      rule: 'render.duplicate-key',
      message: `duplicate key "${key}" at lines ${firstLine} and ${secondLine}`,
      fix: `Keep one "${key}" entry: YAML readers disagree on which of the two wins.`,
      offset: this.at(second.range![0]),
    };
  }
}

function tooDeep(offset: number, limits: RenderLimits): DocumentProblem {
  return {
    rule: 'render.too-deep',
    message: `nesting deeper than ${limits.maxDepth} levels`,
    fix: 'Flatten the document; Kubernetes objects nest about 15 levels deep.',
    offset,
  };
}

function aliasBomb(offset: number, limits: RenderLimits): DocumentProblem {
  return {
    rule: 'render.alias-bomb',
    message: `aliases expand the document past ${limits.maxAliasExpansion} nodes (an alias bomb)`,
    fix: 'Write the repeated values out instead of nesting aliases of aliases.',
    offset,
  };
}
