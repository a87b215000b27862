import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import {
  argocdPluginReference,
  causeChain,
  findCatalogue,
  formatRenderFinding,
  irsaExtraAnnotations,
  maskSecrets,
  type RenderAppResult,
  renderApp,
  resolveCataloguePath,
} from '@aoa-iam/core';
import { repositoryRoot } from './repository.js';
import { type PluginSettings, readSettings } from './settings.js';

/** What the plugin may touch; tests pass their own. */
export interface PluginIo {
  env: NodeJS.ProcessEnv;
  /** The app's path inside the repository copy. */
  cwd: string;
  /** Manifests only: Argo CD parses everything written here. */
  stdout: Writable;
  /** Everything else; Argo CD shows it when the plugin fails. */
  stderr: Writable;
  now: Date;
}

/** Variables a spawned kustomize or helm sees; nothing else of the sidecar's environment. */
const RENDERER_ENV = [
  'PATH',
  'HOME',
  'TMPDIR',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
];

/**
 * The plugin's `generate` command: renders the app in the working directory
 * for Argo CD and returns the exit code. The output depends only on the
 * repository, the environment variables and the clock's day against temporary
 * grants: no network, no AWS.
 */
export async function run(io: PluginIo): Promise<number> {
  let debug = io.env.ARGOCD_ENV_AOA_IAM_DEBUG === 'true';
  const warnings: string[] = [];
  try {
    const settings = readSettings(io.env, warnings);
    debug = settings.debug;
    flushWarnings(io, warnings);

    const root = await repositoryRoot(io.cwd, io.env.ARGOCD_APP_SOURCE_PATH);
    const catalogue = settings.catalogue
      ? await resolveCataloguePath(root, settings.catalogue)
      : await findCatalogue(io.cwd, root);
    const result = await renderApp({
      // Relative to the app folder (the process's working directory), so
      // messages in the Argo CD UI name it without the sidecar's temporary path.
      catalogue: path.relative(await realpath(io.cwd), catalogue) || catalogue,
      root,
      app: settings.app,
      ...(io.env.ARGOCD_APP_NAME ? { argocdAppName: io.env.ARGOCD_APP_NAME } : {}),
      environment: settings.environment,
      now: io.now,
      input: { folder: io.cwd, collect: collectOptions(settings, io.env) },
      mode: settings.mode,
      ...(settings.namespace ? { defaultNamespace: settings.namespace } : {}),
      plugin: {
        name: argocdPluginReference(),
        parameters: childParameters(settings, path.relative(root, catalogue)),
        ...(io.env.ARGOCD_APP_SOURCE_REPO_URL
          ? { repoURL: io.env.ARGOCD_APP_SOURCE_REPO_URL }
          : {}),
      },
      serviceAccountAnnotations: irsaExtraAnnotations(settings),
      passUnknownChildren: settings.passUnknownChildren,
      allowEmpty: settings.allowEmpty,
      strict: settings.strict,
    });
    return finish(io, settings, result, path.relative(root, catalogue));
  } catch (error) {
    flushWarnings(io, warnings);
    io.stderr.write(`aoa-iam: ${describe(error, debug)}\n`);
    return 1;
  }
}

function flushWarnings(io: PluginIo, warnings: string[]): void {
  for (const warning of warnings.splice(0)) io.stderr.write(`aoa-iam: warning: ${warning}\n`);
}

function finish(
  io: PluginIo,
  settings: PluginSettings,
  result: RenderAppResult,
  catalogue: string,
): number {
  for (const finding of result.findings) {
    if (finding.severity === 'note' && !settings.debug) continue;
    io.stderr.write(`aoa-iam: ${formatRenderFinding(finding)}\n`);
  }
  if (settings.debug) {
    const { documents, parsed, changed, dropped } = result.stats;
    const source = `${io.env.ARGOCD_APP_SOURCE_REPO_URL ?? '(repository)'}@${io.env.ARGOCD_APP_REVISION ?? '(revision)'}`;
    io.stderr.write(
      `aoa-iam: app ${settings.app} in ${settings.environment} from ${source} with ${catalogue}` +
        `${result.command ? ` via ${result.command}` : ''}: ${documents} documents, ${parsed} parsed, ` +
        `${changed} changed, ${dropped} empty dropped\n`,
    );
  }
  if (result.chunks === undefined) return 1;
  for (const chunk of result.chunks) io.stdout.write(chunk);
  return 0;
}

function collectOptions(settings: PluginSettings, env: NodeJS.ProcessEnv) {
  const rendererEnv: NodeJS.ProcessEnv = {};
  for (const name of Object.keys(env)) {
    if (RENDERER_ENV.includes(name) || name.startsWith('HELM_')) rendererEnv[name] = env[name];
  }
  return {
    renderer: settings.renderer,
    valuesFiles: settings.valuesFiles,
    releaseName: settings.releaseName,
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    env: rendererEnv,
  };
}

/**
 * What a child needs to render through the plugin: the environment, the
 * catalogue the parent used (from the repository root, so a catalogue inside
 * the child's folder cannot take its place) and the mode, then the IRSA
 * options only when the parent set them. The core adds each child's own app name.
 */
function childParameters(
  settings: PluginSettings,
  catalogue: string,
): Array<{ name: string; value: string }> {
  const parameters = [
    { name: 'environment', value: settings.environment },
    { name: 'catalogue', value: catalogue.split(path.sep).join('/') },
    { name: 'mode', value: 'auto' },
  ];
  const forwarded: Array<[string, string | undefined]> = [
    ['audience', settings.audience],
    ['sts-regional-endpoints', settings.stsRegionalEndpoints],
    ['token-expiration', settings.tokenExpiration],
  ];
  for (const [name, value] of forwarded) if (value !== undefined) parameters.push({ name, value });
  return parameters;
}

/** One masked line, with causes; the stack only when debug is on. */
function describe(error: unknown, debug: boolean): string {
  const parts = causeChain(error, 5);
  const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return maskSecrets(`${parts.join(': ')}${stack}`);
}
