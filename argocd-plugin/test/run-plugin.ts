import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository root and the bundle the sidecar image ships. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const BUNDLE = path.join(REPO_ROOT, 'argocd-plugin/dist/index.js');

/** What one plugin run produced, stdout and stderr captured apart. */
export interface PluginRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * A temporary copy of the repository's examples, as Argo CD hands a sidecar
 * its copy of the repository. Returns the copy's root.
 */
export function copyRepository(extra: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'aoa-iam-cmp-'));
  cpSync(path.join(REPO_ROOT, 'examples/platform'), path.join(root, 'examples/platform'), {
    recursive: true,
  });
  for (const [relative, text] of Object.entries(extra)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  return root;
}

/**
 * Runs the bundle as argocd-cmp-server does: a child process in the app's
 * folder of the repository copy, with Argo CD's variables and stdin closed.
 * `env` adds to (or, with undefined, removes from) the defaults.
 */
export function runPlugin(
  root: string,
  appPath: string,
  env: Record<string, string | undefined> = {},
  bundle: string = BUNDLE,
  wrapper: string[] = [],
): PluginRun {
  const name = path.basename(appPath);
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ARGOCD_APP_NAME: name,
    ARGOCD_APP_NAMESPACE: undefined,
    ARGOCD_APP_SOURCE_PATH: appPath,
    ARGOCD_APP_SOURCE_REPO_URL: 'https://github.com/example-org/platform.git',
    ARGOCD_APP_SOURCE_TARGET_REVISION: 'main',
    ARGOCD_APP_REVISION: '5c0ffee5c0ffee5c0ffee5c0ffee5c0ffee5c0ff',
    ...env,
  };
  const [command, ...prefix] = [...wrapper, process.execPath];
  const result = spawnSync(command!, [...prefix, bundle], {
    cwd: path.join(root, appPath),
    env: Object.fromEntries(Object.entries(base).filter((entry) => entry[1] !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Argo CD's JSON for `plugin.parameters` of string values. */
export function parameters(values: Record<string, string | string[]>): string {
  return JSON.stringify(
    Object.entries(values).map(([name, value]) =>
      Array.isArray(value) ? { name, array: value } : { name, string: value },
    ),
  );
}

/** The first of kustomize or kubectl on PATH, or undefined; tests that need one say so. */
export function hasKustomize(): boolean {
  return ['kustomize', 'kubectl'].some((command) => !spawnSync(command, ['version']).error);
}

/** True when `unshare -n` can run a process in a network namespace of its own, with no network. */
export function canIsolateNetwork(): boolean {
  return spawnSync('unshare', ['-n', 'true']).status === 0;
}

/** True when helm is on PATH. */
export function hasHelm(): boolean {
  return !spawnSync('helm', ['version']).error;
}
