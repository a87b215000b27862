import type { SourcePosition } from '../findings/finding.js';

/**
 * One manifest stream as the render reads it: LF line endings, and the
 * position arithmetic findings and edits need. Line numbers are counted lazily,
 * only when a finding asks for one.
 */
export class SourceText {
  private lineStarts: number[] | undefined;

  /**
   * @param name file path as the user named it, or `<stdin>`
   * @param text the stream with LF line endings
   */
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  /** 0-based column of `offset`, counted in characters from its line's start. */
  columnOf(offset: number): number {
    return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
  }

  /** Offset just past the newline that ends the line holding `offset - 1`, or the text's end. */
  lineEndAfter(offset: number): number {
    if (offset > 0 && this.text.charCodeAt(offset - 1) === 0x0a) return offset;
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  /** Offset of the start of the line holding `offset`. */
  lineStartOf(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Editor position (1-based line and column) of `offset`. */
  positionOf(offset: number): SourcePosition {
    const starts = this.indexLines();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { file: this.name, line: low + 1, column: offset - starts[low]! + 1 };
  }

  /** 1-based line number of `offset`. */
  lineOf(offset: number): number {
    return this.positionOf(offset).line;
  }

  private indexLines(): number[] {
    if (this.lineStarts) return this.lineStarts;
    const starts = [0];
    for (let at = this.text.indexOf('\n'); at !== -1; at = this.text.indexOf('\n', at + 1)) {
      starts.push(at + 1);
    }
    this.lineStarts = starts;
    return starts;
  }
}
