import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './run-action.js';

interface ActionMetadata {
  name: string;
  description: string;
  branding?: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const ACTIONS = ['validate', 'apply', 'audit'];
const docs = readFileSync(path.join(REPO_ROOT, 'docs', 'actions.md'), 'utf8');

/** The part of docs/actions.md under `## <name>`, up to the next `## `. */
function section(name: string): string {
  const start = docs.indexOf(`\n## ${name}\n`);
  const end = docs.indexOf('\n## ', start + 1);
  return docs.slice(start, end === -1 ? undefined : end);
}

describe.each(ACTIONS)('the %s action’s metadata', (name) => {
  const dir = path.join(REPO_ROOT, 'actions', name);
  const metadata = parse(readFileSync(path.join(dir, 'action.yml'), 'utf8')) as ActionMetadata;

  it('runs its ESM bundle on node24, with branding', () => {
    expect(metadata.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(metadata.branding?.icon).toBeTruthy();
    expect(JSON.parse(readFileSync(path.join(dir, 'dist', 'package.json'), 'utf8'))).toEqual({
      type: 'module',
    });
  });

  it('describes every input and output, and docs/actions.md documents each one', () => {
    const text = section(name);
    expect(text.length).toBeGreaterThan(0);
    for (const [input, spec] of Object.entries(metadata.inputs)) {
      expect(spec.description, input).toBeTruthy();
      expect(text, `input ${input}`).toContain(`\`${input}\``);
    }
    for (const [output, spec] of Object.entries(metadata.outputs)) {
      expect(spec.description, output).toBeTruthy();
      expect(text, `output ${output}`).toContain(`\`${output}\``);
    }
  });
});
