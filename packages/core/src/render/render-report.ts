import { type Finding, formatPosition } from '../findings/finding.js';
import { maskSecrets } from '../secrets/mask.js';

/**
 * One finding of a render as one or two short lines for stderr (Argo CD shows
 * them in its UI): `error: file:line:col: message`, then the fix. Masked, since
 * manifests can carry credentials (invariant 6).
 */
export function formatRenderFinding(finding: Finding): string {
  const where = finding.position ? `${formatPosition(finding.position)}: ` : '';
  return maskSecrets(`${finding.severity}: ${where}${finding.message}\n  fix: ${finding.fix}`);
}
