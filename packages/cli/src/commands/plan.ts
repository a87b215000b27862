import { parseArgs } from 'node:util';
import { planEnvironment, planHasChanges, renderPlanJson, renderPlanText } from '@aoa-iam/aws';
import type { Command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
import {
  AWS_FLAGS,
  AWS_FLAGS_USAGE,
  parseInstant,
  setUpAwsCommand,
  withMaskedErrors,
} from './aws-target.js';
import { planOffline } from './plan-offline.js';

/** `aoa-iam plan`: the live account against the catalogue. */
export const planCommand: Command = {
  name: 'plan',
  summary: 'show what apply would change in one environment',
  usage: `Usage: aoa-iam plan --environment E [options]
       aoa-iam plan --base REV [--environment E] [--catalogue PATH] [--format text|json]

Reads the environment's account (STS first, then GetAccountAuthorizationDetails)
and lists the roles to create, update and delete. Writes nothing.

With --base, plans offline instead: the catalogue against itself at git
revision REV (or against a second catalogue file), listing added, removed and
changed roles with every privilege increase first. No AWS access.

Options:
${AWS_FLAGS_USAGE}  --format text|json     output format (default text)
  --base REV             plan offline against a git revision or a catalogue file

Exit codes: 0 no changes, 1 changes pending, 2 errors (a derived name taken by a
role aoa-iam does not own, wrong account, unusable catalogue).
`,
  run(context) {
    return withMaskedErrors(context.env, async () => {
      const { values } = parseArgs({
        args: context.argv,
        options: { ...AWS_FLAGS, format: { type: 'string' }, base: { type: 'string' } },
        strict: true,
      });
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') {
        throw new UsageError(`--format must be text or json, not "${format}"`);
      }
      if (values.base !== undefined) {
        const now = parseInstant('--now', values.now) ?? context.now;
        return planOffline({ ...values, base: values.base, format, now }, context);
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
