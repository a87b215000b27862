import { appendFile } from 'node:fs/promises';
import { maskSecrets } from '@aoa-iam/core';
import { fitLines, utf8Length } from './text-budget.js';

/** GitHub refuses a step summary larger than 1 MiB (it then shows an error instead). */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;
/** What aoa-iam allows itself: the limit less a 64 KiB margin for the runner's own text. */
export const SUMMARY_BUDGET_BYTES = SUMMARY_LIMIT_BYTES - 64 * 1024;

/**
 * Markdown built in order of importance under a byte budget: the first sections
 * always fit, later ones are trimmed at a line boundary with a note saying what
 * was cut and where the full text is. Used for the job summary (1 MiB) and for
 * sticky comments (60,000 characters).
 */
export class BudgetedMarkdown {
  readonly #parts: string[] = [];
  #used = 0;
  #trimmed = false;

  /** @param budget Bytes (UTF-8) the whole document may take. */
  constructor(readonly budget: number) {}

  /** True once any section had to be trimmed or left out. */
  get trimmed(): boolean {
    return this.#trimmed;
  }

  /** Bytes still free. */
  get remaining(): number {
    return this.budget - this.#used;
  }

  /**
   * Appends a section. When it does not fit, keeps the lines that do and ends
   * with `cutNote(droppedLines)`; `reserve` bytes are left free for what follows.
   * Returns false when anything was cut.
   */
  add(section: string, cutNote: (droppedLines: number) => string, reserve = 0): boolean {
    const block = section.endsWith('\n') ? section : `${section}\n`;
    const cost = utf8Length(block) + 1;
    if (cost <= this.remaining - reserve) {
      this.#push(`${block}\n`);
      return true;
    }

    this.#trimmed = true;
    const note = `\n${cutNote(Number.MAX_SAFE_INTEGER)}\n\n`;
    const room = this.remaining - reserve - utf8Length(note);
    if (room <= 0) return false;
    const fitted = fitLines(block, room);
    this.#push(`${fitted.text}\n\n${cutNote(fitted.droppedLines)}\n\n`);
    return false;
  }

  #push(text: string): void {
    this.#parts.push(text);
    this.#used += utf8Length(text);
  }

  /** The document, masked (invariant 6). */
  toString(): string {
    return maskSecrets(this.#parts.join(''));
  }
}

/**
 * Appends `markdown` to the step summary file the runner names in
 * GITHUB_STEP_SUMMARY. Returns false when there is no such file (a local run).
 */
export async function writeJobSummary(
  markdown: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return false;
  await appendFile(file, maskSecrets(markdown), 'utf8');
  return true;
}
