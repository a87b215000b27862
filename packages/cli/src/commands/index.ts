import type { Command } from '../command.js';
import { adoptCommand } from './adopt.js';
import { applyCommand } from './apply.js';
import { auditCommand } from './audit.js';
import { explainCommand } from './explain.js';
import { planCommand } from './plan.js';
import { renderCommand } from './render.js';
import { revokeCommand } from './revoke.js';
import { validateCommand } from './validate.js';

/** Every subcommand, in the order `aoa-iam --help` lists them. */
export const commands: readonly Command[] = [
  validateCommand,
  explainCommand,
  renderCommand,
  planCommand,
  applyCommand,
  auditCommand,
  revokeCommand,
  adoptCommand,
];
