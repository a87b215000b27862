import { parseArgs } from 'node:util';
import { planEnvironment, planHasChanges, renderPlanJson, renderPlanText } from '@aoa-iam/aws';
import type { Command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
import { AWS_FLAGS, AWS_FLAGS_USAGE, setUpAwsCommand, withMaskedErrors } from './aws-target.js';

/** `aoa-iam plan`: the live account against the catalogue. */
export const planCommand: Command = {
  name: 'plan',
  summary: 'show what apply would change in one environment',
  usage: `Usage: aoa-iam plan --environment E [options]

Reads the environment's account (STS first, then GetAccountAuthorizationDetails)
and lists the roles to create, update and delete. Writes nothing.

Options:
${AWS_FLAGS_USAGE}  --format text|json     output format (default text)

Exit codes: 0 no changes, 1 changes pending, 2 errors (a derived name taken by a
role aoa-iam does not own, wrong account, unusable catalogue).
`,
  run(context) {
    return withMaskedErrors(context.env, async () => {
      const { values } = parseArgs({
        args: context.argv,
        options: { ...AWS_FLAGS, format: { type: 'string' } },
        strict: true,
      });
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') {
        throw new UsageError(`--format must be text or json, not "${format}"`);
      }
      const setup = await setUpAwsCommand('plan', values, context);
      if (!setup) return EXIT_UNUSABLE;

      const plan = await planEnvironment(setup);
      context.stdout.write(
        setup.mask(format === 'json' ? renderPlanJson(plan) : renderPlanText(plan)),
      );
      if (plan.errors.length > 0) return EXIT_UNUSABLE;
      return planHasChanges(plan) ? EXIT_FINDINGS : EXIT_OK;
    });
  },
};
