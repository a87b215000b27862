import type { Finding } from '../findings/finding.js';
import type { CatalogueIndex } from './catalogue-index.js';
import { makeFinding } from './finding-builder.js';

/** Days before expiry from which a temporary grant is reported as a warning. */
export const EXPIRY_WARNING_DAYS = 7;

const DAY_MS = 86_400_000;

function days(ms: number): string {
  const value = ms / DAY_MS;
  return value >= 1 ? `${Math.round(value * 10) / 10} days` : `${Math.round(ms / 3_600_000)} hours`;
}

/**
 * Invariant 5: expired temporary grants are errors, grants ending within
 * `warningDays` are warnings, grants lasting longer than the environment's
 * maxGrant from `now` are errors.
 */
export function checkExpiry(
  index: CatalogueIndex,
  now: Date,
  warningDays = EXPIRY_WARNING_DAYS,
): Finding[] {
  const findings: Finding[] = [];
  for (const catalogue of index.catalogues) {
    for (const app of catalogue.apps.values()) {
      for (const grant of app.temporary) {
        const left = Date.parse(grant.expires) - now.getTime();
        const environment = catalogue.environments.get(grant.environment);
        const subject = {
          app: app.name,
          environment: grant.environment,
          identity: grant.identity,
          capability: grant.capabilities.join(','),
        };
        const position = index.position(catalogue.file, `${grant.pointer}/expires`);
        const what = `temporary grant of ${grant.capabilities.join(', ')} to ${grant.identity} of ${app.name} in ${grant.environment}`;
        if (left <= 0) {
          findings.push(
            makeFinding('expiry.expired', {
              message: `${what} expired at ${grant.expires} (${days(-left)} ago); reason was: ${grant.reason}`,
              fix: 'Remove the grant, or extend "expires" with a new reason.',
              position,
              subject,
            }),
          );
        } else if (environment && left > environment.maxGrantSeconds * 1000) {
          findings.push(
            makeFinding('expiry.too-long', {
              message: `${what} runs until ${grant.expires}, ${days(left)} from now; environment "${grant.environment}" allows at most ${days(environment.maxGrantSeconds * 1000)} (maxGrant).`,
              fix: `Set "expires" no later than ${new Date(now.getTime() + environment.maxGrantSeconds * 1000).toISOString()}, or make it a permanent grant through review.`,
              position,
              subject,
            }),
          );
        } else if (left <= warningDays * DAY_MS) {
          findings.push(
            makeFinding('expiry.soon', {
              message: `${what} expires at ${grant.expires}, in ${days(left)} (warning window ${warningDays} days).`,
              fix: 'Plan its removal, or extend it with a new reason.',
              position,
              subject,
            }),
          );
        }
      }
    }
  }
  return findings;
}
