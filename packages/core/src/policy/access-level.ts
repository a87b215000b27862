import type { PolicyDocument } from './document.js';
import { ACCESS_LEVELS, type AccessLevel, type IamData } from './iam-data.js';

/** True when `level` is Write or above (Tagging counts: it changes resources). */
export function isWriteLevel(level: AccessLevel | undefined): boolean {
  return level !== undefined && ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf('Tagging');
}

/**
 * The highest AWS access level any Allow statement grants (List < Read <
 * Tagging < Write < Permissions management), or undefined when it grants no known
 * action. Allow + NotAction reaches IAM itself and counts as Permissions management.
 */
export function highestAccessLevel(
  documents: readonly PolicyDocument[],
  iam: IamData,
): AccessLevel | undefined {
  let best = -1;
  for (const document of documents) {
    for (const statement of document.Statement) {
      if (statement.Effect !== 'Allow') continue;
      if (statement.NotAction) return 'Permissions management';
      for (const pattern of statement.Action ?? []) {
        const infos = /[*?]/.test(pattern) ? iam.expand(pattern) : [iam.action(pattern)];
        for (const info of infos) {
          if (info) best = Math.max(best, ACCESS_LEVELS.indexOf(info.accessLevel));
        }
        if (best === ACCESS_LEVELS.length - 1) return ACCESS_LEVELS[best];
      }
    }
  }
  return best < 0 ? undefined : ACCESS_LEVELS[best];
}
