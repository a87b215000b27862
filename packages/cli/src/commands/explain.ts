import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  compileCatalogue,
  loadCatalogue,
  napkinView,
  readBoundedFile,
  renderFindingsText,
  renderNapkinMermaid,
  renderNapkinText,
  renderWhoCanText,
  whoCan,
} from '@aoa-iam/core';
import type { Command } from '../command.js';
import { EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
import { parseNow } from './validate.js';

const FORMATS = ['text', 'mermaid', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** `aoa-iam explain`: the napkin view, or "who can do this?". */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'who can do what, where, until when: plain sentences and a Mermaid graph',
  usage: `Usage: aoa-iam explain [catalogue] [options]

Without --action: every app, identity and environment with the capabilities it
holds (and their highest AWS access level), temporary grants with their end.
With --action: every role that can do the action (on the resource, in the
environment), with the capability and statement that grant it.

Options:
  --format text|mermaid|json   output format (default text; mermaid only for the napkin view)
  --action ACTION              e.g. s3:PutObject (case-insensitive, as IAM matches)
  --resource ARN               the resource; any resource when omitted
  --environment E              only this environment
  --now ISO                    the clock for temporary grants (default: now)
`,
  async run(context) {
    const { values, positionals } = parseArgs({
      args: context.argv,
      options: {
        format: { type: 'string' },
        action: { type: 'string' },
        resource: { type: 'string' },
        environment: { type: 'string' },
        now: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const format = (values.format ?? 'text') as Format;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${values.format}"`);
    }
    if (values.action === undefined && (values.resource || values.environment)) {
      throw new UsageError('--resource and --environment ask "who can"; give --action too');
    }
    if (values.action !== undefined && format === 'mermaid') {
      throw new UsageError(
        '--format mermaid draws the napkin view; use text or json with --action',
      );
    }
    const file = positionals[0] ?? 'aoa-iam.yaml';
    const now = parseNow(values.now, context.now);
    const loaded = await loadCatalogue(file, {
      readFile: (target) => readBoundedFile(path.resolve(context.cwd, target)),
    });
    if (!loaded.catalogue) {
      context.stderr.write(renderFindingsText(loaded.findings));
      return EXIT_UNUSABLE;
    }
    const catalogue = loaded.catalogue;
    if (values.environment && !catalogue.environments.has(values.environment)) {
      throw new UsageError(
        `environment "${values.environment}" is not in the catalogue (${[...catalogue.environments.keys()].join(', ')})`,
      );
    }
    const { roles } = compileCatalogue(catalogue, { now });

    if (values.action !== undefined) {
      const answer = whoCan(catalogue, roles, {
        action: values.action,
        ...(values.resource ? { resource: values.resource } : {}),
        ...(values.environment ? { environment: values.environment } : {}),
      });
      context.stdout.write(
        format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : renderWhoCanText(answer),
      );
      return EXIT_OK;
    }
    const view = napkinView(catalogue, roles);
    const output =
      format === 'json'
        ? `${JSON.stringify(view, null, 2)}\n`
        : format === 'mermaid'
          ? renderNapkinMermaid(view)
          : renderNapkinText(view);
    context.stdout.write(output);
    return EXIT_OK;
  },
};
