/** Shown in place of anything that looks like a credential or token. */
export const MASK = '***';

/**
 * Shapes of secrets that must never reach a log, summary, comment or report
 * (invariant 6). Ordered longest first so a JWT is masked whole, not in parts.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  // JSON Web Tokens: OIDC tokens of GitHub, EKS service accounts, Okta.
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained.
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  // AWS session tokens are long base64 runs; nothing else we print is that long.
  /\b(?:IQoJ|FwoG|FQoG)[A-Za-z0-9/+=]{40,}/g,
  // AWS access key ids: long-term (AKIA) and temporary (ASIA).
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // Secret access keys: 40 base64 characters after a name that says what they are.
  /((?:secret[_-]?access[_-]?key|aws[_-]?secret|secretAccessKey|SecretAccessKey)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}/gi,
  // HTTP authorisation headers.
  /((?:authorization|x-amz-security-token)["']?\s*[:=]\s*["']?(?:bearer |token |AWS4-HMAC-SHA256 )?)[^\s"',]+/gi,
];

/** Replaces every secret-shaped run in `text` with {@link MASK}. */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const pattern of SECRET_PATTERNS) {
    masked = masked.replace(pattern, (match, prefix?: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${MASK}` : MASK,
    );
  }
  return masked;
}

/** True when `text` holds something {@link maskSecrets} would hide. */
export function containsSecret(text: string): boolean {
  return maskSecrets(text) !== text;
}
