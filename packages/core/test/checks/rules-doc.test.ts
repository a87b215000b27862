import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/checks/rules.js';

const DOC = readFileSync(path.resolve(import.meta.dirname, '../../../../docs/checks.md'), 'utf8');

describe('docs/checks.md', () => {
  it('lists every rule the checks can report, by id', () => {
    const ownRules = [...RULES.keys()].filter(
      (id) =>
        !id.startsWith('catalogue.') && !id.startsWith('limits.') && id !== 'naming.collision',
    );
    const missing = ownRules.filter((id) => !DOC.includes(`| \`${id}\` |`));
    expect(missing).toEqual([]);
  });

  it('gives every rule help a reader can act on', () => {
    for (const rule of RULES.values()) expect(rule.help.length, rule.id).toBeGreaterThan(15);
  });
});
