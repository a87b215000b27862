import {
  booleanInput,
  DEFAULT_BOT_LOGIN,
  endpointInput,
  environmentInput,
  InputError,
  instantInput,
  integerInput,
  optionalInput,
  stringInput,
  workspacePathInput,
} from '@aoa-iam/action-kit';
import type { AuditFailure } from '@aoa-iam/aws';
import { parseDuration } from '@aoa-iam/core';

/** The audit action's inputs, checked (see action.yml for each one's meaning). */
export interface AuditInputs {
  catalogue: string;
  environment: string;
  failOn: AuditFailure[];
  unusedDays: number;
  services: boolean;
  /** Seconds of CloudTrail history to read, when asked. */
  assumedWithinSeconds: number | undefined;
  reportDir: string;
  issue: boolean;
  issueLabel: string;
  expiredGrantsPr: boolean;
  baseBranch: string | undefined;
  token: string | undefined;
  author: string;
  region: string | undefined;
  endpoint: string | undefined;
  now: Date | undefined;
}

const FAILURES: readonly AuditFailure[] = ['drift', 'expired'];

/** Reads and checks every input; an invalid one throws an InputError naming it. */
export function readAuditInputs(): AuditInputs {
  const environment = environmentInput('audit');
  const endpoint = endpointInput();
  const token = optionalInput('github-token');
  const issue = booleanInput('issue', { default: false });
  const expiredGrantsPr = booleanInput('expired-grants-pr', { default: false });
  if ((issue || expiredGrantsPr) && !token) {
    throw new InputError(
      'Input "github-token" is required when "issue" or "expired-grants-pr" is true; it was empty.',
    );
  }
  return {
    catalogue: workspacePathInput('catalogue', { default: 'aoa-iam.yaml' }),
    environment,
    failOn: failOnInput(),
    unusedDays: integerInput('unused-days', { min: 1, max: 3650 }, { default: 90 }),
    services: booleanInput('services', { default: false }),
    assumedWithinSeconds: windowInput(),
    reportDir: workspacePathInput('report-dir', { default: 'aoa-iam-audit' }),
    issue,
    issueLabel: stringInput('issue-label', { default: 'aoa-iam-audit' }),
    expiredGrantsPr,
    baseBranch: optionalInput('base-branch'),
    token,
    author: stringInput('github-author', { default: DEFAULT_BOT_LOGIN }),
    region: optionalInput('region'),
    endpoint,
    now: instantInput('now'),
  };
}

function failOnInput(): AuditFailure[] {
  const value = stringInput('fail-on', { default: 'drift,expired' });
  if (value.trim() === 'none') return [];
  const words = value.split(',').map((word) => word.trim());
  const wrong = words.filter((word) => !(FAILURES as readonly string[]).includes(word));
  if (wrong.length > 0 || words.length === 0) {
    throw new InputError(
      `Input "fail-on" must be "none" or a comma-separated list of drift, expired; got "${value}".`,
    );
  }
  return words as AuditFailure[];
}

function windowInput(): number | undefined {
  const value = optionalInput('assumed-within');
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*[smhd]$/.test(value)) {
    throw new InputError(
      `Input "assumed-within" must be a whole number and a unit s, m, h or d (e.g. 7d); got "${value}".`,
    );
  }
  return parseDuration(value);
}
