import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { PolicySite } from '../../src/checks/policy-site.js';
import type { SourcePosition } from '../../src/findings/finding.js';
import { normalisePolicy } from '../../src/policy/normalise.js';

/** The shared corpus beside the repository (see the common brief); absent on some machines. */
export const CORPUS_ROOT = path.resolve(import.meta.dirname, '../../../../../shared/corpus');

/** One policy document found in a corpus file. */
export interface CorpusPolicy {
  /** Path under the corpus root. */
  file: string;
  /** Where in the file: a JSON pointer, `''` for a whole-file policy. */
  pointer: string;
  kind: 'permission' | 'trust';
  site: PolicySite;
}

/** A corpus file and what could be read from it. */
export interface CorpusFile {
  file: string;
  policies: CorpusPolicy[];
  /** Why nothing could be read, when the file is not valid JSON or YAML. */
  unreadable?: string;
}

/** Every .json, .yaml and .yml file under `folder` of the corpus, sorted. */
export function corpusFiles(folder: string): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const name of readdirSync(directory).sort()) {
      const full = path.join(directory, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(json|ya?ml)$/.test(name)) found.push(path.relative(CORPUS_ROOT, full));
    }
  };
  walk(path.join(CORPUS_ROOT, folder));
  return found;
}

function isPolicy(value: unknown): value is { Statement: unknown } {
  return typeof value === 'object' && value !== null && 'Statement' in value;
}

function kindOf(value: { Statement: unknown }): 'permission' | 'trust' {
  const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  return statements.some(
    (statement) => statement && typeof statement === 'object' && 'Principal' in statement,
  )
    ? 'trust'
    : 'permission';
}

/**
 * Reads the policies of one corpus file: a whole-file policy (JSON), or every
 * `PolicyDocument`/`AssumeRolePolicyDocument` of a CloudFormation template, also
 * when it is a JSON string inside `!Sub`. CloudFormation tags are read as plain values.
 */
export function readCorpusFile(file: string): CorpusFile {
  const text = readFileSync(path.join(CORPUS_ROOT, file), 'utf8');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (document.errors.length > 0) {
    return { file, policies: [], unreadable: document.errors[0]!.message.split('\n')[0]! };
  }
  const nodes = new Map<string, Node>();
  const positionAt = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const collect = (node: unknown, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    nodes.set(pointer, node as Node);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        collect(pair.value, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        collect(item, `${pointer}/${index}`);
      });
    }
  };
  collect(document.contents, '');
  const locate = (base: string) => (pointer: string) => {
    for (
      let current = `${base}${pointer}`;
      ;
      current = current.slice(0, current.lastIndexOf('/'))
    ) {
      const range = nodes.get(current)?.range;
      if (range) return positionAt(range[0]);
      if (current === '') return undefined;
    }
  };
  const policies: CorpusPolicy[] = [];
  const add = (
    value: { Statement: unknown },
    pointer: string,
    at?: (p: string) => SourcePosition | undefined,
  ) => {
    policies.push({
      file,
      pointer,
      kind: kindOf(value),
      site: {
        document: normalisePolicy(value),
        locate: at ?? locate(pointer),
        subject: {},
        label: `${path.basename(file)}${pointer ? ` ${pointer}` : ''}`,
      },
    });
  };
  const walk = (value: unknown, pointer: string) => {
    if (isPolicy(value)) return add(value, pointer);
    if (typeof value === 'string' && /^\s*\{/.test(value) && value.includes('"Statement"')) {
      try {
        const parsed = JSON.parse(value);
        // Positions inside a JSON string are not tracked; findings point at the string.
        if (isPolicy(parsed)) add(parsed, pointer, () => locate(pointer)(''));
      } catch {
        // A string that only looks like a policy (unexpanded template text) is not one.
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, `${pointer}/${index}`);
      });
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        walk(item, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
      }
    }
  };
  walk(document.toJS(), '');
  return { file, policies };
}
