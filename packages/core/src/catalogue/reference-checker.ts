import type { Finding, SourcePosition } from '../findings/finding.js';
import { suggest } from './schema.js';

/** Collects reference findings with positions; shared by the resolve steps of one file. */
export class ReferenceChecker {
  readonly findings: Finding[] = [];
  constructor(
    private readonly file: string,
    private readonly positions: Map<string, SourcePosition>,
  ) {}

  /** Position of `pointer` (of its value rather than its key when `value` is set), or of the nearest ancestor. */
  at(pointer: string, value = false): SourcePosition {
    const exact = value ? this.positions.get(`${pointer}#value`) : undefined;
    if (exact) return exact;
    let current = pointer;
    for (;;) {
      const found = this.positions.get(current);
      if (found) return found;
      if (current === '') return { file: this.file, line: 1, column: 1 };
      current = current.slice(0, current.lastIndexOf('/'));
    }
  }

  report(rule: string, pointer: string, message: string, fix: string): void {
    this.findings.push({ rule, severity: 'error', message, fix, position: this.at(pointer) });
  }

  /** Reports `name` missing from `known`, with a did-you-mean; true when it exists. */
  expect(
    kind: string,
    name: string,
    known: Iterable<string>,
    pointer: string,
    context: string,
  ): boolean {
    const names = [...known];
    if (names.includes(name)) return true;
    this.report(
      'catalogue.reference',
      pointer,
      `${context} names the ${kind} "${name}", which does not exist`,
      names.length
        ? `Use one of: ${names.join(', ')}${suggest(name, names)}; or declare "${name}".`
        : `Declare the ${kind} "${name}" first.`,
    );
    return false;
  }
}
