import { loadCatalogue } from '../catalogue/load.js';
import { compileCatalogue } from '../compile/compile.js';
import type { Finding } from '../findings/finding.js';
import { DEFAULT_RENDER_LIMITS } from './limits.js';
import { type CollectOptions, collectManifests } from './manifest-sources.js';
import {
  type ManifestInput,
  type RenderOptions,
  type RenderResult,
  renderManifests,
} from './render.js';
import { buildRenderScope, RenderScopeError } from './render-scope.js';

/** One app to render, as the CLI and the Argo CD plugin describe it. */
export interface RenderAppRequest extends Omit<RenderOptions, 'scope'> {
  /** Root catalogue file (already resolved and checked against `root`). */
  catalogue: string;
  /** Directory no catalogue or policy file may lie outside (the repository). */
  root?: string;
  /** Argo CD app name; default: the catalogue's parent (the App of Apps). */
  app?: string;
  /**
   * The name Argo CD gives the app (ARGOCD_APP_NAME), when it renders. `app`
   * must equal it, or name the catalogue's parent (a root App of Apps that
   * Argo CD calls otherwise): a child may not render as another app.
   */
  argocdAppName?: string;
  environment: string;
  /** The clock for temporary grants. */
  now: Date;
  /** A folder to collect, or streams already read (stdin). */
  input:
    | { folder: string; collect: Omit<CollectOptions, 'maxBytes'> }
    | { streams: ManifestInput[] };
}

/** A render's result, plus what collecting the input did. */
export interface RenderAppResult extends RenderResult {
  /** The renderer command that ran, when one did. */
  command?: string;
}

/**
 * Loads and compiles the catalogue, builds the app's scope, collects its
 * manifests and renders them. Catalogue problems come back as findings with
 * no output; a missing or failing renderer throws ManifestSourceError.
 */
export async function renderApp(request: RenderAppRequest): Promise<RenderAppResult> {
  const empty = { documents: 0, parsed: 0, changed: 0, dropped: 0 };
  const loaded = await loadCatalogue(request.catalogue, request.root ? { root: request.root } : {});
  if (!loaded.catalogue) return { findings: errorsOnly(loaded.findings), stats: empty };
  const catalogue = loaded.catalogue;
  const compiled = compileCatalogue(catalogue, { now: request.now });

  const app = request.app ?? catalogue.parent;
  const named = request.argocdAppName;
  if (named !== undefined && app !== named && app !== catalogue.parent) {
    return {
      findings: [
        {
          rule: 'render.app-not-argocd-name',
          severity: 'error',
          message: `the app setting is "${app}", but Argo CD renders app "${named}"; an app renders only as itself`,
          fix: 'Remove the app setting (aoa-iam takes the name from Argo CD), or rename the Application to its catalogue name.',
        },
      ],
      stats: empty,
    };
  }
  let scope: ReturnType<typeof buildRenderScope>;
  try {
    scope = buildRenderScope(catalogue, compiled.roles, app, request.environment);
  } catch (error) {
    if (!(error instanceof RenderScopeError)) throw error;
    return {
      findings: [
        {
          rule: 'render.unknown-scope',
          severity: 'error',
          message: error.message,
          fix: 'Name an environment and an app the catalogue declares.',
        },
      ],
      stats: empty,
    };
  }

  const maxBytes = request.limits?.maxBytes ?? DEFAULT_RENDER_LIMITS.maxBytes;
  let inputs: ManifestInput[];
  let command: string | undefined;
  if ('streams' in request.input) inputs = request.input.streams;
  else {
    const collected = await collectManifests(request.input.folder, {
      environment: request.environment,
      ...request.input.collect,
      ...(request.root ? { root: request.root } : {}),
      maxBytes,
    });
    inputs = collected.inputs;
    command = collected.command;
  }
  const {
    catalogue: _file,
    root: _root,
    app: _app,
    argocdAppName: _named,
    environment: _env,
    now: _now,
    input: _in,
    ...options
  } = request;
  // Extended in place: `output` is a lazy join that a spread would force.
  const result: RenderAppResult = renderManifests(inputs, { ...options, scope });
  if (command) result.command = command;
  return result;
}

/** Catalogue warnings belong to validate; a render reports only what stops it. */
function errorsOnly(findings: Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'error');
}
