import { parseArgs } from 'node:util';
import { adoptRole } from '@aoa-iam/aws';
import type { Command } from '../command.js';
import { EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
import { AWS_FLAGS, AWS_FLAGS_USAGE, setUpAwsCommand, withMaskedErrors } from './aws-target.js';

/** `aoa-iam adopt`: takes an existing role over, explicitly. */
export const adoptCommand: Command = {
  name: 'adopt',
  summary: 'take over an existing role that has a derived name',
  usage: `Usage: aoa-iam adopt --environment E --role NAME [options]

Writes aoa-iam's ownership tags on an existing role whose name the catalogue
derives, so the next apply manages it. apply never does this by itself. The
role's path must already be the catalogue's: IAM cannot move a role.

Options:
${AWS_FLAGS_USAGE}  --role NAME            the role to adopt; required
`,
  run(context) {
    return withMaskedErrors(context.env, async () => {
      const { values } = parseArgs({
        args: context.argv,
        options: { ...AWS_FLAGS, role: { type: 'string' } },
        strict: true,
      });
      if (!values.role) throw new UsageError('--role is required');
      const setup = await setUpAwsCommand('adopt', values, context);
      if (!setup) return EXIT_UNUSABLE;

      const result = await adoptRole({ ...setup, role: values.role });
      context.stdout.write(
        result.adopted
          ? `adopted ${result.role}: it now carries aoa-iam's ownership tags; run apply to make it match the catalogue.\n`
          : `${result.role} is aoa-iam's already; nothing was written.\n`,
      );
      return EXIT_OK;
    });
  },
};
