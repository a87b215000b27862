import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from './run-action.js';

interface Step {
  uses?: string;
  run?: string;
}
interface Job {
  permissions?: Record<string, string>;
  environment?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const FOLDER = path.join(REPO_ROOT, 'examples', 'workflows');
const workflows = new Map(
  readdirSync(FOLDER)
    .filter((file) => file.endsWith('.yml'))
    .map((file) => [file, parse(readFileSync(path.join(FOLDER, file), 'utf8')) as Workflow]),
);
const steps = (workflow: Workflow): Step[] =>
  Object.values(workflow.jobs).flatMap((job) => job.steps);

describe('example workflows', () => {
  it('has the three workflows', () => {
    expect([...workflows.keys()].sort()).toEqual([
      'aoa-iam-apply.yml',
      'aoa-iam-audit.yml',
      'aoa-iam-validate.yml',
    ]);
  });

  it('pins every action by a full commit SHA', () => {
    for (const workflow of workflows.values()) {
      for (const step of steps(workflow).filter((s) => s.uses)) {
        expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      }
    }
  });

  it('never interpolates expressions into a run: script (event text goes through env:)', () => {
    for (const workflow of workflows.values()) {
      for (const step of steps(workflow).filter((s) => s.run))
        expect(step.run).not.toContain('${{');
    }
  });

  it('validates on pull_request, never pull_request_target, without AWS credentials', () => {
    const validate = workflows.get('aoa-iam-validate.yml')!;
    expect(Object.keys(validate.on)).toContain('pull_request');
    for (const workflow of workflows.values())
      expect(workflow.on).not.toHaveProperty('pull_request_target');
    expect(JSON.stringify(validate)).not.toContain('id-token');
    expect(JSON.stringify(validate)).not.toContain('configure-aws-credentials');
  });

  it('applies on push to main with id-token only on the apply job, per-account concurrency that never cancels, and an environment', () => {
    const apply = workflows.get('aoa-iam-apply.yml')!;
    expect(apply.on).toHaveProperty('push', { branches: ['main'] });
    expect(apply.permissions).toEqual({ contents: 'read' });
    const job = apply.jobs.apply!;
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(job.environment).toBe('${{ matrix.environment }}');
    expect(job.concurrency).toEqual({
      group: 'aoa-iam-apply-${{ matrix.account }}',
      'cancel-in-progress': false,
    });
  });

  it('audits nightly', () => {
    const audit = workflows.get('aoa-iam-audit.yml')!;
    expect(audit.on).toHaveProperty('schedule');
    expect(audit.permissions).toEqual({ contents: 'read' });
  });
});
