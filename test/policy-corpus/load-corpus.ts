import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/** One labelled case: an input, whether it is risky, and the rules a risky one must trigger. */
export interface CorpusCase {
  /** `file.yaml: name`, for test names. */
  id: string;
  name: string;
  label: 'risky' | 'safe';
  kind: 'policy' | 'trust' | 'catalogue' | 'manifest';
  /** Rules that must fire (risky cases); empty for safe ones. */
  expect: string[];
  /** Rules that may fire besides, because the input legitimately has them too. */
  tolerate: string[];
  input?: unknown;
  files?: Record<string, string>;
  text?: string;
}

/** Two isolated environments, substituted for `<<ENVIRONMENTS>>` in catalogue cases. */
const ENVIRONMENTS = `environments:
  staging:
    account: "111111111111"
    region: eu-west-1
    boundary: arn:aws:iam::111111111111:policy/aoa-iam-boundary
    maxGrant: 14d
    providers:
      eks: {type: eks-irsa, issuer: oidc.eks.eu-west-1.amazonaws.com/id/STAGING}
      github: {type: github-actions}
  production:
    account: "222222222222"
    region: eu-west-1
    boundary: arn:aws:iam::222222222222:policy/aoa-iam-boundary
    maxGrant: 7d
    providers:
      eks: {type: eks-irsa, issuer: oidc.eks.eu-west-1.amazonaws.com/id/PRODUCTION}
      github: {type: github-actions}`;

/** A read-only capability named `read`, substituted for `<<READ>>`. */
const READ = `capabilities:
  read:
    policy:
      Version: "2012-10-17"
      Statement:
        - {Effect: Allow, Action: [s3:GetObject], Resource: "arn:aws:s3:::data/\${env}/\${app}/*"}`;

const CASES_DIRECTORY = path.join(import.meta.dirname, 'cases');

/** Every case of every file in cases/, in file order. */
export function loadCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const file of readdirSync(CASES_DIRECTORY)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    const raw = parse(readFileSync(path.join(CASES_DIRECTORY, file), 'utf8')) as Array<
      Record<string, unknown>
    >;
    for (const entry of raw) {
      const name = String(entry.name);
      cases.push({
        id: `${file}: ${name}`,
        name,
        label: entry.label === 'risky' ? 'risky' : 'safe',
        kind: entry.kind as CorpusCase['kind'],
        expect: (entry.expect as string[] | undefined) ?? [],
        tolerate: (entry.tolerate as string[] | undefined) ?? [],
        input: entry.input,
        ...(entry.files ? { files: entry.files as Record<string, string> } : {}),
        ...(typeof entry.text === 'string' ? { text: entry.text } : {}),
      });
    }
  }
  return cases;
}

/** Writes a catalogue case's files, with the shared blocks filled in; returns the root catalogue's path. */
export function writeCatalogueCase(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aoa-iam-corpus-'));
  for (const [relative, text] of Object.entries(files)) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    const filled = text
      .replace(/^( *)<<ENVIRONMENTS>>$/m, (_, indent: string) => indentBlock(ENVIRONMENTS, indent))
      .replace(/^( *)<<READ>>$/m, (_, indent: string) => indentBlock(READ, indent));
    writeFileSync(target, filled);
  }
  return path.join(root, 'aoa-iam.yaml');
}

function indentBlock(block: string, indent: string): string {
  return block
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}
