import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root; the CLI is run from here as a user would. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const BIN = path.join(REPO_ROOT, 'packages/cli/dist/bin.js');

/** What one CLI run produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`node packages/cli/dist/bin.js …`) and returns its exit code and output. */
export function runCli(args: string[], cwd = REPO_ROOT): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Writes files (relative path → text) into a new temporary directory and returns it. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aoa-iam-cli-'));
  for (const [relative, text] of Object.entries(files)) {
    const target = path.join(root, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return root;
}

/** Two isolated environments and a read capability; tests add apps. */
export const CATALOGUE_HEAD = `version: aoa-iam/v1
parent: platform
environments:
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
      github: {type: github-actions}
capabilities:
  read:
    policy:
      Version: 2012-10-17
      Statement:
        - Effect: Allow
          Action: [s3:GetObject]
          Resource: arn:\${partition}:s3:::data-\${env}/\${app}/*
`;
