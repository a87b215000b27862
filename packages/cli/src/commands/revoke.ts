import { parseArgs } from 'node:util';
import { REVOCATION_POLICY, revokeSessions } from '@aoa-iam/aws';
import type { Command } from '../command.js';
import { EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
import { AWS_FLAGS, AWS_FLAGS_USAGE, setUpAwsCommand, withMaskedErrors } from './aws-target.js';

/** `aoa-iam revoke`: cuts active sessions now. */
export const revokeCommand: Command = {
  name: 'revoke',
  summary: "cut a role's, app's or environment's active sessions now",
  usage: `Usage: aoa-iam revoke --environment E (--role NAME | --app NAME | --all) [options]

Attaches to each selected role the inline policy ${REVOCATION_POLICY}, which
denies everything to sessions whose token was issued before now
(aws:TokenIssueTime), and drops the role's temporary grants. apply keeps the
revocation for 12 hours (the longest session), and does not write the dropped
grants back until the catalogue removes them or issues them with a new expiry.

Options:
${AWS_FLAGS_USAGE}  --role NAME            one role
  --app NAME             every role of one app
  --all                  every role aoa-iam owns in the environment
`,
  run(context) {
    return withMaskedErrors(context.env, async () => {
      const { values } = parseArgs({
        args: context.argv,
        options: {
          ...AWS_FLAGS,
          role: { type: 'string' },
          app: { type: 'string' },
          all: { type: 'boolean' },
        },
        strict: true,
      });
      const chosen = [values.role, values.app, values.all].filter((value) => value !== undefined);
      if (chosen.length !== 1) throw new UsageError('give exactly one of --role, --app or --all');
      const setup = await setUpAwsCommand('revoke', values, context);
      if (!setup) return EXIT_UNUSABLE;

      const result = await revokeSessions({ ...setup, role: values.role, app: values.app });
      const lines = result.roles.map(
        (role) =>
          `revoked ${role.role}: sessions issued before ${result.revokedBefore} are denied` +
          (role.droppedGrants.length > 0
            ? `; dropped temporary grants ${role.droppedGrants.join(', ')}`
            : ''),
      );
      lines.push(
        `${result.roles.length} role(s) revoked with ${result.writes} write call(s), ${result.retries} retries.`,
      );
      context.stdout.write(setup.mask(`${lines.join('\n')}\n`));
      return EXIT_OK;
    });
  },
};
