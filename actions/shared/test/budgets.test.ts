import type { Finding } from '@aoa-iam/core';
import { describe, expect, it } from 'vitest';
import { planAnnotations } from '../src/annotations.js';
import { code, markdownTable, text } from '../src/markdown.js';
import { escapeQuotedLabels, fitMermaid, mermaidLabel } from '../src/mermaid.js';
import { BudgetedMarkdown } from '../src/summary.js';
import { cutCodePoints, fitLines, utf8Length } from '../src/text-budget.js';

function finding(severity: Finding['severity'], line: number): Finding {
  return {
    rule: `test.${severity}`,
    severity,
    message: `m${line}`,
    fix: 'f',
    position: { file: 'aoa-iam.yaml', line, column: 1 },
  };
}

describe('annotation plan', () => {
  it('keeps the 10 most severe of each level and counts the rest', () => {
    const findings = [
      ...Array.from({ length: 25 }, (_, i) => finding('warning', i + 1)),
      ...Array.from({ length: 12 }, (_, i) => finding('error', 100 + i)),
    ];
    const plan = planAnnotations(findings);
    expect(plan.annotated.map((f) => f.severity)).toEqual([
      ...Array(10).fill('error'),
      ...Array(10).fill('warning'),
    ]);
    expect(plan.annotated[0]?.position?.line).toBe(100);
    expect(plan.rest).toEqual({ error: 2, warning: 15, note: 0 });
  });

  it('leaves one notice slot free for the "more" notice when anything is left out', () => {
    const notes = Array.from({ length: 10 }, (_, i) => finding('note', i + 1));
    expect(planAnnotations(notes).rest.note).toBe(0);
    const plan = planAnnotations([
      ...notes,
      ...Array.from({ length: 11 }, () => finding('error', 1)),
    ]);
    expect(plan.rest).toEqual({ error: 1, warning: 0, note: 1 });
  });

  it('never annotates a suppressed finding', () => {
    const silenced = { ...finding('error', 3), suppressed: { reason: 'accepted' } };
    expect(planAnnotations([silenced]).annotated).toEqual([]);
  });
});

describe('text budgets', () => {
  it('counts non-ASCII text in UTF-8 bytes and never splits a character', () => {
    expect(utf8Length('é🚀')).toBe(6);
    expect(cutCodePoints('ab🚀c', 5)).toBe('ab');
    expect(cutCodePoints('ab🚀c', 6)).toBe('ab🚀');
  });

  it('keeps whole lines that fit and reports how many were dropped', () => {
    expect(fitLines('one\ntwo\nthree', 7)).toEqual({ text: 'one\ntwo', droppedLines: 1 });
  });

  it('trims a section that does not fit and says what was cut', () => {
    const doc = new BudgetedMarkdown(200);
    expect(doc.add('# Verdict', () => 'cut')).toBe(true);
    const long = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    expect(doc.add(long, (n) => `_${n} more lines are in the report file._`)).toBe(false);
    const out = doc.toString();
    expect(utf8Length(out)).toBeLessThanOrEqual(200);
    expect(out).toMatch(/^# Verdict\n\nline 0\n/);
    expect(out).toMatch(/_\d+ more lines are in the report file\._\n\n$/);
    expect(doc.trimmed).toBe(true);
  });
});

describe('Markdown escaping', () => {
  it('escapes HTML and table syntax in catalogue text', () => {
    expect(text('<img src=x> | *a*')).toBe('&lt;img src=x&gt; \\| \\*a\\*');
    expect(code('a|b<c>')).toBe('<code>a&#124;b&lt;c&gt;</code>');
    expect(markdownTable(['a|b'], [[text('x')]])).toBe('| a\\|b |\n| --- |\n| x |');
  });
});

describe('Mermaid graphs', () => {
  it('escapes labels with Mermaid entity codes', () => {
    expect(mermaidLabel('a "b" <c> & #d')).toBe('a #quot;b#quot; #lt;c#gt; #38; #35;d');
  });

  it('trims a graph under the limit, closes open subgraphs and says how much was cut', () => {
    const lines = ['flowchart LR'];
    for (let i = 0; i < 2000; i += 1) {
      lines.push(
        `  subgraph s${i}["app ${i}"]`,
        `    r${i}["role ${i} ✓"] --> c${i}["cap"]`,
        '  end',
      );
    }
    const fitted = fitMermaid(lines.join('\n'), 50_000);
    expect(utf8Length(fitted.source)).toBeLessThanOrEqual(50_000);
    expect(fitted.droppedLines).toBeGreaterThan(0);
    const opened = fitted.source.match(/^\s*subgraph\b/gm)?.length ?? 0;
    const closed = fitted.source.match(/^\s*end\s*$/gm)?.length ?? 0;
    expect(opened).toBe(closed);
    expect(fitted.source).toContain(`${fitted.droppedLines} more lines of this graph were cut`);
  });

  it('leaves a graph that fits untouched', () => {
    expect(fitMermaid('flowchart LR\n  a --> b\n').droppedLines).toBe(0);
  });
});

describe('Mermaid graphs made by the engine', () => {
  it('HTML-escapes every quoted label and keeps entity codes already there', () => {
    expect(escapeQuotedLabels('  a["<b>x</b> & #quot;y#quot;"] --> b["ok"]')).toBe(
      '  a["#lt;b#gt;x#lt;/b#gt; #38; #quot;y#quot;"] --> b["ok"]',
    );
  });
});
