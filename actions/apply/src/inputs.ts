import {
  booleanInput,
  InputError,
  instantInput,
  integerInput,
  optionalInput,
  stringInput,
  workspacePathInput,
} from '@aoa-iam/action-kit';

/** The apply action's inputs, checked (see action.yml for each one's meaning). */
export interface ApplyInputs {
  catalogue: string;
  environment: string;
  dryRun: boolean;
  concurrency: number;
  region: string | undefined;
  endpoint: string | undefined;
  now: Date | undefined;
}

/** Reads and checks every input; an invalid one throws an InputError naming it. */
export function readApplyInputs(): ApplyInputs {
  const environment = stringInput('environment');
  // One job, one account: a list here would apply several accounts with one set of credentials.
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(environment)) {
    throw new InputError(
      `Input "environment" must name one catalogue environment (lower-case letters, digits, "-"); ` +
        `got "${environment}". Use a job matrix to apply several environments.`,
    );
  }
  const endpoint = optionalInput('endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new InputError(`Input "endpoint" must be an http(s) URL; got "${endpoint}".`);
  }
  return {
    catalogue: workspacePathInput('catalogue', { default: 'aoa-iam.yaml' }),
    environment,
    dryRun: booleanInput('dry-run', { default: false }),
    concurrency: integerInput('concurrency', { min: 1, max: 16 }, { default: 4 }),
    region: optionalInput('region'),
    endpoint,
    now: instantInput('now'),
  };
}
