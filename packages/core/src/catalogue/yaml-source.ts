import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
  type YAMLError,
} from 'yaml';
import type { Finding, SourcePosition } from '../findings/finding.js';
import { MAX_CATALOGUE_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH } from './limits.js';
import { pointerOf } from './model.js';

/** A parsed YAML or JSON file: its plain value and where every value sits. */
export interface SourceDocument {
  value: unknown;
  /** JSON pointer → position of the value (or of its key when the value is empty). */
  positions: Map<string, SourcePosition>;
}

/** What parsing produced: the document when it was usable, and every finding. */
export interface ParseResult {
  document?: SourceDocument;
  findings: Finding[];
}

/**
 * Parses one catalogue or policy file as YAML 1.2 with the core schema (so `no`,
 * `on` and `2012-10-17` stay strings; JSON is YAML 1.2 too), refusing hostile
 * input with a finding instead of a crash: oversized, binary, empty, several
 * documents, duplicate keys, alias bombs, excessive nesting, unknown tags.
 */
export function parseSourceFile(bytes: Uint8Array, file: string): ParseResult {
  const refusal = refuseUnreadable(bytes, file);
  if (refusal) return { findings: [refusal] };

  const text = new TextDecoder('utf-8').decode(bytes);
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    version: '1.2',
    schema: 'core',
    lineCounter,
    uniqueKeys: false,
    prettyErrors: false,
    merge: false,
  });
  const where = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };

  const list = Array.isArray(documents) ? documents : [];
  if (list.length !== 1) {
    return {
      findings: [
        parseFinding(
          list.length === 0
            ? `${file} is empty`
            : `${file} holds ${list.length} YAML documents; a catalogue or policy file is one document`,
          list.length === 0
            ? 'Start the file with "version: aoa-iam/v1".'
            : 'Remove the "---" separators, or split the documents into separate files.',
          where(list[1]?.range[0] ?? 0),
        ),
      ],
    };
  }

  const document = list[0]!;
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0)
    return { findings: problems.map((problem) => yamlFinding(problem, where)) };
  if (
    document.contents === null ||
    (isScalar(document.contents) && document.contents.value === null)
  ) {
    return {
      findings: [
        parseFinding(`${file} is empty`, 'Start the file with "version: aoa-iam/v1".', where(0)),
      ],
    };
  }

  const positions = new Map<string, SourcePosition>();
  const structural: Finding[] = [];
  collectPositions(document.contents, '', 0, positions, structural, where);
  if (structural.length > 0) return { findings: structural };

  try {
    const value = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    return { document: { value, positions }, findings: [] };
  } catch (error) {
    return {
      findings: [
        parseFinding(
          `${file}: ${error instanceof Error ? error.message : String(error)} (more than ${MAX_YAML_ALIASES} alias expansions)`,
          'Write the repeated values out, or use fewer anchors and aliases.',
          where(0),
        ),
      ],
    };
  }
}

function refuseUnreadable(bytes: Uint8Array, file: string): Finding | undefined {
  const start: SourcePosition = { file, line: 1, column: 1 };
  if (bytes.byteLength > MAX_CATALOGUE_BYTES) {
    return parseFinding(
      `${file} is ${bytes.byteLength} bytes, over the limit of ${MAX_CATALOGUE_BYTES} bytes`,
      'Split the catalogue with nested catalogues, or move large policies out.',
      start,
    );
  }
  if (bytes.byteLength === 0 || new TextDecoder().decode(bytes).trim() === '') {
    return parseFinding(`${file} is empty`, 'Start the file with "version: aoa-iam/v1".', start);
  }
  const nul = bytes.indexOf(0);
  let decodable = true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    decodable = false;
  }
  if (nul !== -1 || !decodable) {
    return parseFinding(
      `${file} is not UTF-8 text (${nul !== -1 ? `a NUL byte at offset ${nul}` : 'invalid UTF-8'})`,
      'Point aoa-iam at the YAML catalogue, saved as UTF-8.',
      start,
    );
  }
  return undefined;
}

function collectPositions(
  node: Node | null,
  pointer: string,
  depth: number,
  positions: Map<string, SourcePosition>,
  findings: Finding[],
  where: (offset: number) => SourcePosition,
): void {
  if (!node) return;
  if (node.range) positions.set(pointer, where(node.range[0]));
  if (depth > MAX_YAML_DEPTH) {
    findings.push(
      parseFinding(
        `nesting deeper than ${MAX_YAML_DEPTH} levels`,
        'Flatten the structure; a catalogue needs about ten levels.',
        positions.get(pointer) ?? where(0),
      ),
    );
    return;
  }
  if (isAlias(node)) return;

  if (isMap(node)) {
    const seen = new Map<string, SourcePosition>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const keyPosition = keyNode?.range
        ? where(keyNode.range[0])
        : (positions.get(pointer) ?? where(0));
      const earlier = seen.get(key);
      if (earlier) {
        findings.push(
          parseFinding(
            `duplicate key "${key}" (first at line ${earlier.line}, again at line ${keyPosition.line})`,
            'Keep one of the two entries; YAML readers disagree on which one wins.',
            keyPosition,
          ),
        );
        continue;
      }
      seen.set(key, keyPosition);
      const childPointer = `${pointer}${pointerOf(key)}`;
      positions.set(childPointer, keyPosition);
      const value = pair.value as Node | null;
      if (value && !(isScalar(value) && value.value === null)) {
        collectPositions(value, childPointer, depth + 1, positions, findings, where);
        positions.set(childPointer, keyPosition);
        if (value.range) positions.set(`${childPointer}#value`, where(value.range[0]));
      }
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, index) => {
      collectPositions(item as Node, `${pointer}/${index}`, depth + 1, positions, findings, where);
    });
  }
}

function yamlFinding(problem: YAMLError, where: (offset: number) => SourcePosition): Finding {
  const position = where(problem.pos[0]);
  // The yaml package quotes the offending source text in some messages; a file
  // that is not YAML at all (a git config, a key file) must not be echoed.
  const firstLine = problem.message.split('\n')[0] ?? problem.message;
  const message = firstLine.replace(/:\s*".*$/, '');
  const fix =
    problem.code === 'TAG_RESOLVE_FAILED' || /tag/i.test(message)
      ? 'Remove the custom tag: a catalogue uses plain YAML values only.'
      : 'Fix the YAML syntax at this position (check indentation, quotes and colons).';
  return parseFinding(`malformed YAML: ${message}`, fix, position);
}

function parseFinding(message: string, fix: string, position: SourcePosition): Finding {
  return { rule: 'catalogue.unreadable', severity: 'error', message, fix, position };
}
