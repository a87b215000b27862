import type { Finding } from '../findings/finding.js';
import { MASK } from '../secrets/mask.js';
import { makeFinding } from './finding-builder.js';

/** A manifest file the catalogue governs, as text. */
export interface ManifestText {
  file: string;
  text: string;
}

/** Long-term (AKIA) and temporary (ASIA) AWS access key ids. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
/** A 40-character secret after a name that says it is one (env var, Secret key, INI line). */
const SECRET_ACCESS_KEY =
  /(aws_?secret_?access_?key|secret_?access_?key|aws_?secret|secretAccessKey)["']?\s*[:=]\s*["']?(?:value:\s*["']?)?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi;
/** A base64 value in a Secret's `data:` (long enough to hide a key id). */
const BASE64_VALUE = /^(\s*[\w.-]+:\s*)([A-Za-z0-9+/]{24,}={0,2})\s*$/;

interface Hit {
  line: number;
  column: number;
  what: string;
}

function scanLine(text: string, line: number, hits: Hit[], encoded: boolean): void {
  const suffix = encoded ? ' (base64-encoded)' : '';
  for (const match of text.matchAll(ACCESS_KEY_ID)) {
    hits.push({
      line,
      column: match.index + 1,
      what: `an AWS access key id ${match[0].slice(0, 4)}${MASK}${suffix}`,
    });
  }
  for (const match of text.matchAll(SECRET_ACCESS_KEY)) {
    hits.push({
      line,
      column: match.index + 1,
      what: `an AWS secret access key after "${match[1]}"${suffix}`,
    });
  }
}

/**
 * Hard-coded AWS credentials in the manifests of governed apps: access key ids
 * and secret access keys in env values, Secrets (also base64-encoded) and
 * ConfigMaps. The secret is never echoed: key ids show only their prefix.
 */
export function checkHardCodedCredentials(manifests: readonly ManifestText[]): Finding[] {
  const findings: Finding[] = [];
  for (const manifest of manifests) {
    const hits: Hit[] = [];
    manifest.text.split('\n').forEach((text, at) => {
      scanLine(text, at + 1, hits, false);
      const encoded = BASE64_VALUE.exec(text);
      if (encoded) {
        const decoded = Buffer.from(encoded[2]!, 'base64').toString('utf8');
        // Only printable decodings can be credentials; binary data is skipped.
        if (/^[\x20-\x7e\s]+$/.test(decoded)) {
          const inner: Hit[] = [];
          scanLine(decoded, at + 1, inner, true);
          hits.push(...inner.map((hit) => ({ ...hit, column: encoded[1]!.length + 1 })));
        }
      }
    });
    for (const hit of hits) {
      findings.push(
        makeFinding('secrets.hard-coded-credentials', {
          message: `${manifest.file}:${hit.line}:${hit.column} holds ${hit.what}.`,
          fix: 'Delete it from the manifest and from git history, deactivate the key in IAM, and grant the app a capability through aoa-iam instead.',
          position: { file: manifest.file, line: hit.line, column: hit.column },
        }),
      );
    }
  }
  return findings;
}
