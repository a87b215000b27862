import {
  booleanInput,
  endpointInput,
  environmentInput,
  instantInput,
  integerInput,
  optionalInput,
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
  return {
    catalogue: workspacePathInput('catalogue', { default: 'aoa-iam.yaml' }),
    environment: environmentInput('apply'),
    dryRun: booleanInput('dry-run', { default: false }),
    concurrency: integerInput('concurrency', { min: 1, max: 16 }, { default: 4 }),
    region: optionalInput('region'),
    endpoint: endpointInput(),
    now: instantInput('now'),
  };
}
