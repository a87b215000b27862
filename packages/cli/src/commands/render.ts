import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  AUDIENCE_ANNOTATION,
  argocdPluginReference,
  DEFAULT_RENDER_LIMITS,
  findCatalogue,
  formatRenderFinding,
  type IrsaExtras,
  irsaExtraAnnotations,
  type ManifestRenderer,
  type RenderMode,
  renderApp,
  STS_REGIONAL_ANNOTATION,
  TOKEN_EXPIRATION_ANNOTATION,
} from '@aoa-iam/core';
import type { Command } from '../command.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNUSABLE, UsageError } from '../command.js';
import { parseNow } from './validate.js';

const MODES: readonly RenderMode[] = ['auto', 'parent', 'child'];
const RENDERERS: readonly ManifestRenderer[] = ['auto', 'directory', 'kustomize', 'helm'];
/**
 * Findings that mean the input itself is unusable (exit 2) rather than refused by a grant (exit 1).
 */
const UNUSABLE_RULES = new Set([
  'render.yaml-syntax',
  'render.duplicate-key',
  'render.too-deep',
  'render.alias-bomb',
  'render.input-too-large',
  'render.too-many-documents',
  'render.empty-input',
  'render.empty-output',
  'render.merge-key',
  'render.annotations-malformed',
  'render.unknown-scope',
]);

/** `aoa-iam render`: manifests in, the same manifests with granted role ARNs out. */
export const renderCommand: Command = {
  name: 'render',
  summary: 'annotate manifests with their granted roles; refuse roles not granted',
  usage: `Usage: aoa-iam render [FOLDER | -] --environment E [options]

Reads an app's manifests (a folder, built with kustomize or helm when it holds a
kustomization or a chart; or a stream on stdin, e.g. "helm template … |" with
set -o pipefail) and writes the same stream with eks.amazonaws.com/role-arn set
on each ServiceAccount the catalogue grants an IRSA role, and child Applications
stamped to render through the aoa-iam plugin. A role of the catalogue's accounts
named anywhere (any string, decoded; base64 in Secrets) that is not granted to
that app, environment and service account fails the render, and so does a
YAML merge key (<<). Exit 0 rendered, 1 refused, 2 unusable input.

Options:
  --environment E            the environment to render for (required)
  --catalogue FILE           root catalogue (default: the nearest aoa-iam.yaml with
                             environments, from the folder up to the git root)
  --app NAME                 Argo CD app name (default: the catalogue's parent)
  --mode auto|parent|child   stamp Applications, annotate ServiceAccounts, or both (default auto)
  --namespace NS             namespace of objects that name none (the Application's destination)
  --renderer R               auto|directory|kustomize|helm (default auto)
  --values FILE              helm values file, repeatable, in order
  --plugin NAME              plugin name stamped into children (default ${argocdPluginReference()})
  --audience A               also set ${AUDIENCE_ANNOTATION}
  --sts-regional-endpoints B also set ${STS_REGIONAL_ANNOTATION} (true|false)
  --token-expiration S       also set ${TOKEN_EXPIRATION_ANNOTATION} (seconds)
  --unknown-children pass    leave Applications the catalogue does not know unchanged
  --allow-empty              succeed with no objects (default: an empty render fails)
  --strict                   parse every document, not only those aoa-iam reads
  --now ISO                  the clock for temporary grants (default: now)
`,
  async run(context) {
    const { values, positionals } = parseArgs({
      args: context.argv,
      options: {
        environment: { type: 'string' },
        catalogue: { type: 'string' },
        app: { type: 'string' },
        mode: { type: 'string' },
        namespace: { type: 'string' },
        renderer: { type: 'string' },
        values: { type: 'string', multiple: true },
        plugin: { type: 'string' },
        audience: { type: 'string' },
        'sts-regional-endpoints': { type: 'string' },
        'token-expiration': { type: 'string' },
        'unknown-children': { type: 'string' },
        'allow-empty': { type: 'boolean' },
        strict: { type: 'boolean' },
        now: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (!values.environment) throw new UsageError('--environment is required');
    const mode = oneOf('--mode', values.mode ?? 'auto', MODES);
    const renderer = oneOf('--renderer', values.renderer ?? 'auto', RENDERERS);
    const unknown = oneOf('--unknown-children', values['unknown-children'] ?? 'error', [
      'error',
      'pass',
    ]);
    if (positionals.length > 1) throw new UsageError('give one folder, or - for stdin');
    const target = positionals[0] ?? '-';
    const folder = target === '-' ? undefined : path.resolve(context.cwd, target);
    if (folder) await checkFolder(target, folder);

    const start = folder ?? context.cwd;
    const root = gitRoot(start) ?? start;
    const catalogue = values.catalogue
      ? path.resolve(context.cwd, values.catalogue)
      : await findCatalogue(start, root);
    const input = folder
      ? {
          folder,
          collect: {
            renderer,
            valuesFiles: values.values ?? [],
            ...(values.app ? { releaseName: values.app } : {}),
            ...(values.namespace ? { namespace: values.namespace } : {}),
            env: context.env,
          },
        }
      : { streams: [{ name: '<stdin>', text: await readStdin(context.stdin) }] };

    const result = await renderApp({
      catalogue,
      environment: values.environment,
      ...(values.app ? { app: values.app } : {}),
      now: parseNow(values.now, context.now),
      input,
      mode,
      ...(values.namespace ? { defaultNamespace: values.namespace } : {}),
      plugin: {
        name: values.plugin ?? argocdPluginReference(),
        parameters: stampedParameters(values.environment, root, catalogue),
      },
      serviceAccountAnnotations: irsaExtraAnnotations(irsaExtras(values)),
      passUnknownChildren: unknown === 'pass',
      allowEmpty: values['allow-empty'] ?? false,
      strict: values.strict ?? false,
    });

    for (const finding of result.findings)
      context.stderr.write(`${formatRenderFinding(finding)}\n`);
    if (result.chunks === undefined) {
      const unusable = result.findings.some(
        (finding) => finding.severity === 'error' && UNUSABLE_RULES.has(finding.rule),
      );
      return unusable ? EXIT_UNUSABLE : EXIT_FINDINGS;
    }
    for (const chunk of result.chunks) context.stdout.write(chunk);
    return EXIT_OK;
  },
};

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
  }
  return value as T;
}

/** The optional IRSA flags, checked. */
function irsaExtras(values: Record<string, unknown>): IrsaExtras {
  const extras: IrsaExtras = {};
  if (typeof values.audience === 'string') extras.audience = values.audience;
  const regional = values['sts-regional-endpoints'];
  if (typeof regional === 'string') {
    extras.stsRegionalEndpoints = oneOf('--sts-regional-endpoints', regional, ['true', 'false']);
  }
  const expiration = values['token-expiration'];
  if (typeof expiration === 'string') {
    if (!/^\d+$/.test(expiration)) {
      throw new UsageError(`--token-expiration must be whole seconds, not "${expiration}"`);
    }
    extras.tokenExpiration = expiration;
  }
  return extras;
}

/**
 * What the parent stamps into each child besides its app name: the
 * environment, the catalogue from the repository root (when it lies inside),
 * and the mode, as the Argo CD plugin stamps them.
 */
function stampedParameters(
  environment: string,
  root: string,
  catalogue: string,
): Array<{ name: string; value: string }> {
  const relative = path.relative(root, catalogue);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return [
    { name: 'environment', value: environment },
    ...(inside ? [{ name: 'catalogue', value: relative.split(path.sep).join('/') }] : []),
    { name: 'mode', value: 'auto' },
  ];
}

/** The FOLDER argument must be a folder; say what to give instead of a raw ENOENT or ENOTDIR. */
async function checkFolder(target: string, folder: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (!found) {
    throw new UsageError(`${target} does not exist; give the app's folder, or - to read stdin`);
  }
  if (!found.isDirectory()) {
    throw new UsageError(
      `${target} is not a folder; give the app's folder, or render one file with: aoa-iam render - < ${target}`,
    );
  }
}

/** The nearest folder at or above `start` holding `.git`. */
function gitRoot(start: string): string | undefined {
  for (let current = start; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * Reads stdin whole as UTF-8, refusing more than the render's size limit
 * (counted in characters, which never exceed bytes). Decoding chunk by chunk
 * keeps one copy of the stream in memory instead of three.
 */
async function readStdin(stdin: Readable): Promise<string> {
  stdin.setEncoding('utf8');
  const chunks: string[] = [];
  let length = 0;
  for await (const chunk of stdin) {
    const text = String(chunk);
    length += text.length;
    if (length > DEFAULT_RENDER_LIMITS.maxBytes) {
      throw new UsageError(`stdin holds more than ${DEFAULT_RENDER_LIMITS.maxBytes} bytes`);
    }
    chunks.push(text);
  }
  return chunks.join('');
}
