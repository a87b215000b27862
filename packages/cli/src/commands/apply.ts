import { parseArgs } from 'node:util';
import { applyEnvironment, renderApplySummary, renderPlanText } from '@aoa-iam/aws';
import type { Command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE } from '../command.js';
import {
  AWS_FLAGS,
  AWS_FLAGS_USAGE,
  parseCount,
  setUpAwsCommand,
  withMaskedErrors,
} from './aws-target.js';

/** `aoa-iam apply`: makes the environment's account match the catalogue. */
export const applyCommand: Command = {
  name: 'apply',
  summary: 'create, update and delete the roles aoa-iam owns in one environment',
  usage: `Usage: aoa-iam apply --environment E [options]

Plans, then carries the plan out: creates roles with trust policy, boundary and
tags in one call, writes their permission policies, deletes roles the catalogue
no longer has. Never touches a role aoa-iam does not own; a plan with errors is
refused whole. Safe to run again: a second run writes nothing, and a run that
was interrupted finishes the work.

Options:
${AWS_FLAGS_USAGE}  --concurrency N        roles worked on at once (default 4)
  --dry-run              plan and print, write nothing

Progress goes to stderr; the plan and the summary to stdout.
Exit codes: 0 applied, 1 some roles failed, 2 refused or unusable input.
`,
  run(context) {
    return withMaskedErrors(context.env, async () => {
      const { values } = parseArgs({
        args: context.argv,
        options: { ...AWS_FLAGS, concurrency: { type: 'string' }, 'dry-run': { type: 'boolean' } },
        strict: true,
      });
      const concurrency = parseCount('--concurrency', values.concurrency);
      const setup = await setUpAwsCommand('apply', values, context);
      if (!setup) return EXIT_UNUSABLE;

      const { plan, summary } = await applyEnvironment({
        ...setup,
        concurrency,
        dryRun: values['dry-run'],
      });
      context.stdout.write(setup.mask(renderPlanText(plan)));
      if (plan.errors.length > 0) {
        context.stdout.write('Apply refused: the plan has errors. Nothing was written.\n');
        return EXIT_UNUSABLE;
      }
      context.stdout.write(setup.mask(renderApplySummary(summary)));
      return summary.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
  },
};
