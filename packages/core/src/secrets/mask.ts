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
  // A bare secret access key: 40 base64 characters with upper case, lower case and
  // a digit, standing alone. Git object ids (lower-case hex) and ARNs do not qualify.
  /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
  // HTTP authorisation headers.
  /((?:authorization|x-amz-security-token)["']?\s*[:=]\s*["']?(?:bearer |token |AWS4-HMAC-SHA256 )?)[^\s"',]+/gi,
];

/** Shortest value worth masking literally; shorter ones would mask ordinary words. */
const MIN_REGISTERED_LENGTH = 8;
const registered = new Set<string>();

/**
 * Registers values known to be secret (the credentials in the environment, an
 * action's token) so they are masked wherever they appear, including their
 * base64 form, which is how a checkout writes a token into .git/config.
 */
export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (!value || value.length < MIN_REGISTERED_LENGTH) continue;
    registered.add(value);
    for (const encoded of base64Forms(value)) registered.add(encoded);
  }
}

/**
 * The base64 text of `value` wherever it starts inside a longer encoded string:
 * one form per byte offset modulo 3, keeping only the characters that depend on
 * `value` alone (the first one or two mix in the bytes before it).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value);
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = [0, 2, 3][offset]!;
    const whole = Math.floor((offset + bytes.length) / 3) * 4;
    return encoded.slice(start, whole);
  });
}

/** Replaces every secret-shaped run and every registered secret in `text` with {@link MASK}. */
export function maskSecrets(text: string): string {
  let masked = text;
  for (const value of registered) masked = masked.replaceAll(value, MASK);
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
