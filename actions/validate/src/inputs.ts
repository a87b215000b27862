import {
  booleanInput,
  choiceInput,
  DEFAULT_BOT_LOGIN,
  instantInput,
  optionalInput,
  stringInput,
  workspacePathInput,
} from '@aoa-iam/action-kit';

/** Which findings fail the step. */
export type FailOn = 'error' | 'warning' | 'never';

/** The validate action's inputs, checked (see action.yml for each one's meaning). */
export interface ValidateInputs {
  catalogue: string;
  /** A revision, `undefined` for the pull request's base, or `none`. */
  base: string | undefined;
  token: string | undefined;
  comment: boolean;
  commentAuthor: string;
  sarifFile: string;
  reportFile: string;
  failOn: FailOn;
  now: Date | undefined;
}

/** Reads and checks every input; an invalid one throws an InputError naming it. */
export function readValidateInputs(): ValidateInputs {
  return {
    catalogue: workspacePathInput('catalogue', { default: 'aoa-iam.yaml' }),
    base: optionalInput('base'),
    token: optionalInput('github-token'),
    comment: booleanInput('comment', { default: true }),
    commentAuthor: stringInput('comment-author', { default: DEFAULT_BOT_LOGIN }),
    sarifFile: workspacePathInput('sarif-file', { default: 'aoa-iam.sarif' }),
    reportFile: workspacePathInput('report-file', { default: 'aoa-iam-report.json' }),
    failOn: choiceInput('fail-on', ['error', 'warning', 'never'] as const, { default: 'error' }),
    now: instantInput('now'),
  };
}
