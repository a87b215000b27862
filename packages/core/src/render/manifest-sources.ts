import { spawnSync } from 'node:child_process';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { throughGitDirectory } from '../catalogue/read-bounded.js';
import { maskSecrets } from '../secrets/mask.js';
import type { ManifestInput } from './render.js';

/** How an app folder becomes manifests: read as is, or built by kustomize or helm first. */
export type ManifestRenderer = 'auto' | 'directory' | 'kustomize' | 'helm';

/** How to collect an app folder's manifests. */
export interface CollectOptions {
  /**
   * Default `auto`: kustomize when the folder has a kustomization, helm when it has a Chart.yaml.
   */
  renderer?: ManifestRenderer;
  /** helm: values files, relative to the folder, in order. */
  valuesFiles?: readonly string[];
  /** helm: release name (Argo CD uses the app name). */
  releaseName?: string;
  /** helm: the release namespace. */
  namespace?: string;
  /**
   * The environment being rendered. A folder with neither a kustomization nor
   * a chart, but with `overlays/<environment>/` holding a kustomization, is
   * built from that overlay, so one child Application serves every environment.
   */
  environment?: string;
  /** Environment of the spawned renderer; the caller decides what it sees. */
  env?: NodeJS.ProcessEnv;
  /** Largest output accepted from a renderer, in bytes. */
  maxBytes: number;
  /**
   * The repository copy: a manifest file whose real path (symlinks followed)
   * lies outside it is refused, as a catalogue there is.
   */
  root?: string;
}

/** The manifests of a folder and how they were made. */
export interface CollectedManifests {
  inputs: ManifestInput[];
  renderer: Exclude<ManifestRenderer, 'auto'>;
  /** The command that ran, for logs (`kubectl kustomize .`). */
  command?: string;
}

/** A folder's manifests could not be collected: a renderer is missing or failed. */
export class ManifestSourceError extends Error {
  override name = 'ManifestSourceError';
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Files of a plain folder that are not manifests. */
const NOT_MANIFESTS = new Set([
  'aoa-iam.yaml',
  'aoa-iam.yml',
  ...KUSTOMIZATION_FILES,
  'Chart.yaml',
  'values.yaml',
]);
/**
 * How long a renderer may run before the render fails; Argo CD's own default exec timeout is 90 s.
 */
const RENDERER_TIMEOUT_MS = 80_000;

/**
 * Collects the manifests of `folder`. A plain folder is read like Argo CD's
 * directory source (its `.yaml`, `.yml` and `.json` files, not recursing,
 * sorted by name); a kustomization is built with `kustomize build` (or
 * `kubectl kustomize`), a chart with `helm template`. Renderers are spawned
 * directly, never through a shell, and a non-zero exit fails the collection.
 */
export async function collectManifests(
  folder: string,
  options: CollectOptions,
): Promise<CollectedManifests> {
  const auto = !options.renderer || options.renderer === 'auto';
  const overlay = auto ? await environmentOverlay(folder, options.environment) : undefined;
  if (overlay) return runKustomize(folder, options, path.relative(folder, overlay));
  const renderer = auto ? await detect(folder) : options.renderer!;
  if (renderer === 'kustomize') return runKustomize(folder, options);
  if (renderer === 'helm') return runHelm(folder, options);
  return readDirectory(folder, options);
}

/** `overlays/<environment>` of a folder that is neither a kustomization nor a chart. */
async function environmentOverlay(
  folder: string,
  environment: string | undefined,
): Promise<string | undefined> {
  if (!environment || (await detect(folder)) !== 'directory') return undefined;
  const overlay = path.join(folder, 'overlays', environment);
  const names = await readdir(overlay).catch(() => [] as string[]);
  return KUSTOMIZATION_FILES.some((name) => names.includes(name)) ? overlay : undefined;
}

async function detect(folder: string): Promise<Exclude<ManifestRenderer, 'auto'>> {
  const names = new Set(await readdir(folder));
  if (KUSTOMIZATION_FILES.some((name) => names.has(name))) return 'kustomize';
  if (names.has('Chart.yaml')) return 'helm';
  return 'directory';
}

async function readDirectory(folder: string, options: CollectOptions): Promise<CollectedManifests> {
  const names = (await readdir(folder)).filter(
    (name) => MANIFEST_EXTENSIONS.has(path.extname(name)) && !NOT_MANIFESTS.has(name),
  );
  names.sort();
  const inputs: ManifestInput[] = [];
  const root = options.root === undefined ? undefined : await realpath(options.root);
  let bytes = 0;
  for (const name of names) {
    const file = path.join(folder, name);
    if (!(await stat(file)).isFile()) continue;
    await checkInside(root, file, name);
    const content = await readFile(file);
    bytes += content.byteLength;
    if (bytes > options.maxBytes) {
      throw new ManifestSourceError(`the manifests of ${folder} exceed ${options.maxBytes} bytes`);
    }
    inputs.push({ name, text: content.toString('utf8') });
  }
  return { inputs, renderer: 'directory' };
}

/**
 * Refuses a manifest whose real path leads into a .git directory (the checkout's
 * token lives in .git/config) or leaves the repository: it would print a file
 * from elsewhere.
 */
async function checkInside(root: string | undefined, file: string, name: string): Promise<void> {
  const real = await realpath(file);
  if (throughGitDirectory(real)) {
    throw new ManifestSourceError(
      `manifest ${name} leads into a .git directory, which aoa-iam never reads; commit the manifest itself`,
    );
  }
  if (root === undefined) return;
  const relative = path.relative(root, real);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ManifestSourceError(
      `manifest ${name} is a symlink that leads outside the repository (to ${real}); commit the manifest itself instead of a link to it`,
    );
  }
}

// Not yet: kustomize and helm read their files by their own rules, symlinks
// included; only a plain folder's manifests are checked against the root.
function runKustomize(folder: string, options: CollectOptions, target = '.'): CollectedManifests {
  const attempts: Array<[string, string[]]> = [
    ['kustomize', ['build', target]],
    ['kubectl', ['kustomize', target]],
  ];
  for (const [command, args] of attempts) {
    const output = runRenderer(command, args, folder, options);
    if (output !== undefined) {
      return {
        inputs: [{ name: `${command} ${args.join(' ')}`, text: output }],
        renderer: 'kustomize',
        command: `${command} ${args.join(' ')}`,
      };
    }
  }
  throw new ManifestSourceError(
    `${folder} holds a kustomization, but neither kustomize nor kubectl is on PATH`,
  );
}

function runHelm(folder: string, options: CollectOptions): CollectedManifests {
  const args = ['template', options.releaseName ?? path.basename(folder), '.'];
  if (options.namespace) args.push('--namespace', options.namespace);
  for (const values of options.valuesFiles ?? []) args.push('--values', values);
  const output = runRenderer('helm', args, folder, options);
  if (output === undefined) {
    throw new ManifestSourceError(`${folder} holds a Helm chart, but helm is not on PATH`);
  }
  return {
    inputs: [{ name: 'helm template', text: output }],
    renderer: 'helm',
    command: `helm ${args.join(' ')}`,
  };
}

/** Runs a renderer; undefined when it is not installed, its stdout when it succeeded. */
function runRenderer(
  command: string,
  args: string[],
  folder: string,
  options: CollectOptions,
): string | undefined {
  const result = spawnSync(command, args, {
    cwd: folder,
    env: options.env ?? {},
    encoding: 'utf8',
    maxBuffer: options.maxBytes,
    timeout: RENDERER_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return undefined;
  if (code === 'ENOBUFS') {
    throw new ManifestSourceError(`${command} printed more than ${options.maxBytes} bytes`);
  }
  if (result.error)
    throw new ManifestSourceError(`running ${command} failed: ${result.error.message}`);
  if (result.status !== 0) {
    const reason = result.signal
      ? `was stopped by ${result.signal}`
      : `exited with status ${result.status}`;
    const detail = lastLines(result.stderr ?? '', 5);
    throw new ManifestSourceError(
      `${command} ${args.join(' ')} ${reason}${detail ? `: ${detail}` : ''}`,
    );
  }
  return result.stdout;
}

function lastLines(text: string, count: number): string {
  return maskSecrets(text.trim().split('\n').slice(-count).join(' | '));
}
