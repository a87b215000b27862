import { createHash } from 'node:crypto';
import path from 'node:path';
import { RULES } from '../checks/rules.js';
import type { Finding, Severity } from '../findings/finding.js';
import { maskSecrets } from '../secrets/mask.js';

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** Version of aoa-iam written as the tool's version. */
  toolVersion: string;
  /**
   * Directory file paths are made relative to (the repository root), so code
   * scanning can place results on its files. Defaults to leaving paths as given.
   */
  baseDirectory?: string;
  /** Where the rules are documented (docs/checks.md on the repository's host), linked from each rule. */
  helpUri?: string;
  /**
   * File a finding without a position is placed on (line 1), since code scanning
   * refuses results without a location. Usually the root catalogue.
   */
  fallbackFile?: string;
}

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'note' };

/**
 * GitHub code scanning ranks security alerts by a `security-severity` score
 * (0–10: 9+ critical, 7+ high, 4+ medium, else low); ours follows the severity.
 */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', note: '2.0' };

function uriOf(file: string, base: string | undefined): string {
  const relative = base ? path.relative(base, path.resolve(base, file)) : file;
  return relative.split(path.sep).join('/');
}

/**
 * Identity of a finding across runs: its rule, file and subject, and its message
 * with numbers blanked (counts and "expires in N days" change between runs; the
 * line moves when lines are added above). Code scanning then keeps one alert open
 * instead of reopening it on every run.
 */
export function findingFingerprint(finding: Finding, uri: string): string {
  const subject = finding.subject ?? {};
  const parts = [
    finding.rule,
    uri,
    subject.app,
    subject.environment,
    subject.identity,
    subject.capability,
    subject.role,
    finding.message.replace(/\d+(\.\d+)?/g, '#'),
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function ruleDescriptor(id: string, helpUri: string | undefined) {
  const rule = RULES.get(id);
  const title = rule?.title ?? id;
  const help = rule?.help ?? 'See the finding message for the fix.';
  return {
    id,
    name: id.replace(/[.-](\w)/g, (_, char: string) => char.toUpperCase()),
    shortDescription: { text: title },
    fullDescription: { text: help },
    help: { text: help, markdown: `**${title}**\n\n${help}` },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: LEVEL[rule?.severity ?? 'warning'] },
    properties: {
      tags: ['security', id.split('.')[0]!],
      'security-severity': SECURITY_SEVERITY[rule?.severity ?? 'warning'],
    },
  };
}

/**
 * Findings as SARIF 2.1.0 for GitHub code scanning: every rule used, with help;
 * results with regions and stable partial fingerprints; suppressed findings
 * carry an in-source suppression with the catalogue's reason. Masked (invariant 6).
 */
export function renderSarif(findings: readonly Finding[], options: SarifOptions): string {
  const ruleIds = [...new Set(findings.map((finding) => finding.rule))].sort();
  const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
  const results = findings.map((finding) => {
    const position =
      finding.position ??
      (options.fallbackFile ? { file: options.fallbackFile, line: 1, column: 1 } : undefined);
    const uri = position ? uriOf(position.file, options.baseDirectory) : undefined;
    const result: Record<string, unknown> = {
      ruleId: finding.rule,
      ruleIndex: ruleIndex.get(finding.rule),
      level: LEVEL[finding.severity],
      message: { text: `${finding.message}\nFix: ${finding.fix}` },
      partialFingerprints: { 'aoaIamFinding/v1': findingFingerprint(finding, uri ?? '') },
    };
    if (position && uri !== undefined) {
      const region: Record<string, number> = {
        startLine: position.line,
        startColumn: position.column,
      };
      if (position.endLine) region.endLine = position.endLine;
      if (position.endColumn) region.endColumn = position.endColumn;
      result.locations = [{ physicalLocation: { artifactLocation: { uri }, region } }];
    }
    if (finding.suppressed) {
      result.suppressions = [{ kind: 'inSource', justification: finding.suppressed.reason }];
    }
    return result;
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aoa-iam',
            version: options.toolVersion,
            ...(options.helpUri ? { informationUri: options.helpUri } : {}),
            rules: ruleIds.map((id) => ruleDescriptor(id, options.helpUri)),
          },
        },
        results,
      },
    ],
  };
  return `${maskSecrets(JSON.stringify(log, null, 2))}\n`;
}
