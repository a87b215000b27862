import { parseArgs } from 'node:util';
import { applyEnvironment, renderApplySummary, renderPlanText } from '@aoa-iam/aws';
import type { Command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
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
  --format text|json     output format (default text); json prints { plan, summary }

Progress goes to stderr; the plan and the summary to stdout.
Exit codes: 0 applied, 1 some roles failed, 2 refused or unusable input.
`,
  run(context) {
    return withMaskedErrors(context.env, async () => {
      const { values } = parseArgs({
        args: context.argv,
        options: {
          ...AWS_FLAGS,
          concurrency: { type: 'string' },
          'dry-run': { type: 'boolean' },
          format: { type: 'string' },
        },
        strict: true,
      });
      const concurrency = parseCount('--concurrency', values.concurrency);
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') {
        throw new UsageError(`--format must be text or json, not "${format}"`);
      }
      const setup = await setUpAwsCommand('apply', values, context);
      if (!setup) return EXIT_UNUSABLE;

      const { plan, summary } = await applyEnvironment({
        ...setup,
        concurrency,
        dryRun: values['dry-run'],
      });
      const refused = plan.errors.length > 0;
      if (format === 'json') {
        context.stdout.write(setup.mask(`${JSON.stringify({ plan, summary }, null, 2)}\n`));
      } else {
        context.stdout.write(setup.mask(renderPlanText(plan)));
        context.stdout.write(
          refused
            ? 'Apply refused: the plan has errors. Nothing was written.\n'
            : setup.mask(renderApplySummary(summary)),
        );
      }
      if (refused) return EXIT_UNUSABLE;
      return summary.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
  },
};
