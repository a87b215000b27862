import { parseArgs } from 'node:util';
import {
  type AuditFailure,
  type AuditFormat,
  auditEnvironment,
  auditFails,
  renderAudit,
} from '@aoa-iam/aws';
import { parseDuration } from '@aoa-iam/core';
import type { Command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
import {
  AWS_FLAGS,
  AWS_FLAGS_USAGE,
  parseCount,
  parseInstant,
  setUpAwsCommand,
  withMaskedErrors,
} from './aws-target.js';

const FORMATS: readonly AuditFormat[] = ['markdown', 'json', 'csv'];
const FAILURES: readonly AuditFailure[] = ['drift', 'expired'];

/** `aoa-iam audit`: drift, orphans, expired grants, unused roles, who assumed what. */
export const auditCommand: Command = {
  name: 'audit',
  summary: 'report drift, orphans, expired grants, unused roles and who assumed them',
  usage: `Usage: aoa-iam audit --environment E [options]

Options:
${AWS_FLAGS_USAGE}  --format markdown|json|csv   report format (default markdown)
  --fail-on LIST         exit 1 when the report has any of: drift, expired
  --unused-days N        roles unused this long are reported (default 90)
  --services             also list allowed services a role never used (one IAM job per role)
  --since WHEN           list assumptions (CloudTrail) since an ISO instant or a duration (7d)
  --until ISO            end of that window (default: now)
`,
  run(context) {
    return withMaskedErrors(context.env, async () => {
      const { values } = parseArgs({
        args: context.argv,
        options: {
          ...AWS_FLAGS,
          format: { type: 'string' },
          'fail-on': { type: 'string' },
          'unused-days': { type: 'string' },
          services: { type: 'boolean' },
          since: { type: 'string' },
          until: { type: 'string' },
        },
        strict: true,
      });
      const format = (values.format ?? 'markdown') as AuditFormat;
      if (!FORMATS.includes(format))
        throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
      const failOn = parseFailOn(values['fail-on']);
      const unusedDays = parseCount('--unused-days', values['unused-days']);
      const setup = await setUpAwsCommand('audit', values, context);
      if (!setup) return EXIT_UNUSABLE;
      const until = parseInstant('--until', values.until) ?? setup.now;
      const window = values.since
        ? { from: parseSince(values.since, until), to: until }
        : undefined;

      const report = await auditEnvironment({
        ...setup,
        unusedDays,
        services: values.services,
        window,
      });
      context.stdout.write(setup.mask(renderAudit(report, format)));
      return auditFails(report, failOn) ? EXIT_FINDINGS : EXIT_OK;
    });
  },
};

function parseFailOn(value: string | undefined): AuditFailure[] {
  if (value === undefined) return [];
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!FAILURES.includes(name as AuditFailure)) {
      throw new UsageError(`--fail-on takes ${FAILURES.join(', ')}, not "${name}"`);
    }
  }
  return names as AuditFailure[];
}

function parseSince(value: string, until: Date): Date {
  if (/^[1-9][0-9]*[smhd]$/.test(value))
    return new Date(until.getTime() - parseDuration(value) * 1_000);
  return parseInstant('--since', value)!;
}
