import { isMap, type YAMLMap } from 'yaml';
import type { Finding } from '../findings/finding.js';
import { stampApplication } from './application.js';
import { DocumentEditor } from './document-editor.js';
import { type DocumentSpan, scanDocumentSpans } from './document-spans.js';
import { DEFAULT_RENDER_LIMITS, type RenderLimits } from './limits.js';
import { normaliseLineEndings, restoreLineEndings } from './line-endings.js';
import { ManifestDocument } from './manifest-document.js';
import {
  grantsByServiceAccount,
  type ObjectContext,
  type RenderSettings,
  type RenderState,
  serviceAccountSubject,
} from './object-context.js';
import { checkPodTemplate } from './pod-template.js';
import type { RenderScope } from './render-scope.js';
import { checkRoleReferences } from './role-references.js';
import { renderServiceAccount } from './service-account.js';
import { SourceText } from './source-text.js';

/** One manifest stream: a file of a folder, or what helm or kustomize printed. */
export interface ManifestInput {
  /** File path as the user named it, or `<stdin>`. */
  name: string;
  text: string;
}

/**
 * `parent` stamps child Applications, `child` annotates ServiceAccounts, `auto`
 * does both (a nested parent such as observability has children and service
 * accounts of its own). Every mode enforces invariant 3.
 */
export type RenderMode = 'auto' | 'parent' | 'child';

/** How to render; everything except `scope` has a default. */
export interface RenderOptions {
  scope: RenderScope;
  /** Default `auto`. */
  mode?: RenderMode;
  /** Namespace of objects that name none (kustomization or Application destination). */
  defaultNamespace?: string;
  /** Plugin name (`<name>-<version>`) and parameters stamped into child Applications. */
  plugin?: RenderSettings['plugin'];
  /** Extra IRSA annotations (audience, sts-regional-endpoints, token-expiration). */
  serviceAccountAnnotations?: RenderSettings['serviceAccountAnnotations'];
  /**
   * Leave Applications the catalogue does not know unchanged. Default false: they fail the render.
   */
  passUnknownChildren?: boolean;
  /** Succeed with an empty stream. Default false: an empty success makes Argo CD prune the app. */
  allowEmpty?: boolean;
  /**
   * Parse every document, so duplicate keys and syntax errors are reported in
   * objects aoa-iam has no other reason to read. Default false: such documents
   * (no ServiceAccount, Application, List, role ARN or anchor) pass through unread.
   */
  strict?: boolean;
  limits?: Partial<RenderLimits>;
}

/** What a render produced. */
export interface RenderResult {
  /** The rendered stream; absent when any finding is an error, so nothing partial is written. */
  output?: string;
  /**
   * The same stream in pieces (mostly slices of the input), present exactly
   * when `output` is. Writing these one by one spares a copy of the whole
   * stream; `output` joins them only when read.
   */
  chunks?: readonly string[];
  /** Errors and warnings, in stream order. */
  findings: Finding[];
  stats: RenderStats;
}

/** Counts for logs and the benchmark. */
export interface RenderStats {
  documents: number;
  /** Documents the YAML parser read; the rest passed through as bytes. */
  parsed: number;
  /** Documents with at least one edit. */
  changed: number;
  /** Empty and null documents left out of the output. */
  dropped: number;
}

/** Kinds the render reads whatever their text says (a Secret's data is base64). */
const READ_KINDS = new Set(['ServiceAccount', 'Application', 'Secret']);
/**
 * Text that makes any document worth parsing: an IRSA annotation, a role ARN,
 * an anchor, or anything that could spell a role ARN without its plain text: a
 * double-quoted escape that yields ARN characters (`\x`, `\u`, `\U`, `\/`)
 * or joins lines, a merge key, a tag (`!!binary`), ConfigMap binaryData.
 */
const READ_TRIGGER =
  /eks\.amazonaws\.com\/|:role\/|[\s[{,]&[^\s]|\\[xuU/\r\n]|<<|(?:^|[\s[{,])![^\s=]|binaryData/im;

/**
 * Renders manifest streams for one app in one environment (the engine of
 * `aoa-iam render` and of the Argo CD plugin). Edits are made on the source
 * text: documents it does not change come out byte for byte, and the output
 * is one YAML stream without empty documents.
 */
export function renderManifests(
  inputs: readonly ManifestInput[],
  options: RenderOptions,
): RenderResult {
  const limits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
  const mode = options.mode ?? 'auto';
  const settings: RenderSettings = {
    scope: options.scope,
    annotate: mode !== 'parent',
    stamp: mode !== 'child',
    ...(options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {}),
    ...(options.plugin ? { plugin: options.plugin } : {}),
    serviceAccountAnnotations: options.serviceAccountAnnotations ?? [],
    passUnknownChildren: options.passUnknownChildren ?? false,
    grants: grantsByServiceAccount(options.scope),
  };
  const state: RenderState = { findings: [], serviceAccountsSeen: new Set(), checked: new Set() };
  const stats: RenderStats = { documents: 0, parsed: 0, changed: 0, dropped: 0 };
  const out = new OutputStream();

  let bytes = 0;
  for (const input of inputs) {
    bytes += input.text.length;
    if (bytes > limits.maxBytes) {
      return refuse(
        input.name,
        `the manifests exceed ${limits.maxBytes} bytes`,
        'render.input-too-large',
        stats,
      );
    }
  }

  for (const input of inputs) {
    const { text, ending } = normaliseLineEndings(input.text);
    const source = new SourceText(input.name, text);
    const spans = scanDocumentSpans(text);
    stats.documents += spans.length;
    if (stats.documents > limits.maxDocuments) {
      return refuse(
        input.name,
        `the manifests hold more than ${limits.maxDocuments} YAML documents`,
        'render.too-many-documents',
        stats,
      );
    }
    const pieces: string[] = [];
    for (const span of spans) {
      const piece = renderSpan(
        source,
        span,
        options.strict ?? false,
        limits,
        settings,
        state,
        stats,
      );
      if (piece !== undefined) pieces.push(piece);
    }
    for (const piece of pieces) out.add(restoreLineEndings(piece, ending), ending);
  }

  // After an error, "granted but missing" and "empty" would only repeat it.
  const refused = state.findings.some((finding) => finding.severity === 'error');
  if (!refused && out.documents > 0) reportGrantedButMissing(settings, state);
  if (!refused && out.documents === 0 && !options.allowEmpty) {
    state.findings.push(emptyRender(inputs, stats, settings));
  }
  return result(state, stats, out);
}

/** The error for a render with no objects: Argo CD would prune the whole app. */
function emptyRender(
  inputs: readonly ManifestInput[],
  stats: RenderStats,
  settings: RenderSettings,
): Finding {
  const names = inputs.map((input) => input.name).join(', ') || 'the input';
  const consequence = `an empty render makes Argo CD delete every object of app ${settings.scope.app}`;
  return {
    rule: stats.documents === 0 ? 'render.empty-input' : 'render.empty-output',
    severity: 'error',
    message:
      stats.documents === 0
        ? `${names} holds no Kubernetes objects; ${consequence}`
        : `every document of ${names} is empty; ${consequence}`,
    fix: 'Check the app path and the renderer; allow an empty render explicitly only when the app should have no objects.',
  };
}

/** The result: findings, and the stream unless an error refused it. */
function result(state: RenderState, stats: RenderStats, out: OutputStream): RenderResult {
  const rendered: RenderResult = { findings: state.findings, stats };
  if (state.findings.some((finding) => finding.severity === 'error')) return rendered;
  const chunks = out.chunks();
  let joined: string | undefined;
  rendered.chunks = chunks;
  Object.defineProperty(rendered, 'output', {
    enumerable: true,
    get: () => {
      joined ??= chunks.join('');
      return joined;
    },
  });
  return rendered;
}

function renderSpan(
  source: SourceText,
  span: DocumentSpan,
  strict: boolean,
  limits: RenderLimits,
  settings: RenderSettings,
  state: RenderState,
  stats: RenderStats,
): string | undefined {
  const preamble = source.text.slice(span.start, span.markerStart);
  if (span.blank) {
    stats.dropped += 1;
    return preamble.trim() === '' ? undefined : preamble;
  }
  if (!strict && !mustRead(source, span)) return source.text.slice(span.start, span.end);

  stats.parsed += 1;
  const { manifest, problems } = ManifestDocument.parse(source, span, limits);
  for (const problem of problems) {
    const root = manifest?.root;
    const kind = manifest && isMap(root) ? manifest.getString(root, 'kind') : undefined;
    const name = manifest && isMap(root) ? manifest.getString(root, 'metadata', 'name') : undefined;
    const object = kind ? ` (${[kind, name].filter(Boolean).join(' ')})` : '';
    const label = `document ${span.index + 1} of ${source.name}${object}`;
    state.findings.push({
      rule: problem.rule,
      severity: 'error',
      message: `${label}: ${problem.message}`,
      fix: problem.fix,
      position: source.positionOf(problem.offset),
    });
  }
  if (!manifest || problems.length > 0) return undefined;

  const root = manifest.root;
  if (!root || (isMap(root) && root.items.length === 0)) {
    stats.dropped += 1;
    return preamble.trim() === '' ? undefined : preamble;
  }
  const editor = new DocumentEditor(manifest);
  if (isMap(root)) renderObjects(manifest, editor, root as YAMLMap, settings, state);
  checkRoleReferences(manifest, settings, state.checked, state.findings);
  state.checked.clear();
  if (!editor.changed) return source.text.slice(span.start, span.end);
  stats.changed += 1;
  return editor.apply(span.start);
}

function mustRead(source: SourceText, span: DocumentSpan): boolean {
  if (span.kind === undefined || READ_KINDS.has(span.kind) || span.kind.endsWith('List'))
    return true;
  return READ_TRIGGER.test(source.text.slice(span.markerStart, span.end));
}

/** Renders the document's object, or each item of a `…List`. */
function renderObjects(
  manifest: ManifestDocument,
  editor: DocumentEditor,
  root: YAMLMap,
  settings: RenderSettings,
  state: RenderState,
): void {
  const kind = manifest.getString(root, 'kind') ?? '';
  if (kind.endsWith('List') && manifest.get(root, 'items')) {
    manifest.getItems(root, 'items').forEach((item, index) => {
      if (isMap(item))
        renderObject(manifest, editor, item as YAMLMap, `items[${index}].`, settings, state);
    });
    return;
  }
  renderObject(manifest, editor, root, '', settings, state);
}

function renderObject(
  manifest: ManifestDocument,
  editor: DocumentEditor,
  node: YAMLMap,
  path: string,
  settings: RenderSettings,
  state: RenderState,
): void {
  const kind = manifest.getString(node, 'kind');
  const name = manifest.getString(node, 'metadata', 'name');
  if (!kind || !name) return;
  const apiVersion = manifest.getString(node, 'apiVersion') ?? '';
  const namespace = manifest.getString(node, 'metadata', 'namespace') ?? settings.defaultNamespace;
  const object: ObjectContext = {
    manifest,
    editor,
    node,
    path,
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    settings,
    state,
  };

  if (kind === 'ServiceAccount' && apiVersion === 'v1') renderServiceAccount(object);
  // Not yet: ApplicationSets pass through unchanged; the Applications they
  // generate are not stamped, so their children render without aoa-iam.
  else if (kind === 'Application' && apiVersion.startsWith('argoproj.io/')) {
    if (settings.stamp) stampApplication(object);
  } else checkPodTemplate(object);
}

function reportGrantedButMissing(settings: RenderSettings, state: RenderState): void {
  if (!settings.annotate) return;
  for (const grant of settings.scope.serviceAccounts) {
    if (state.serviceAccountsSeen.has(`${grant.namespace}/${grant.serviceAccount}`)) continue;
    state.findings.push({
      rule: 'render.granted-not-rendered',
      severity: 'warning',
      message: `${serviceAccountSubject(grant.namespace, grant.serviceAccount)} is granted ${grant.role.arn} in ${settings.scope.environment} but not rendered by app ${settings.scope.app}`,
      fix: `Render the ServiceAccount ${grant.namespace}/${grant.serviceAccount} in this app, or remove its grant from the catalogue.`,
      subject: {
        app: settings.scope.app,
        environment: settings.scope.environment,
        identity: grant.identity,
      },
    });
  }
}

function refuse(name: string, message: string, rule: string, stats: RenderStats): RenderResult {
  return {
    findings: [
      {
        rule,
        severity: 'error',
        message: `${name}: ${message}`,
        fix: 'Render fewer objects per app, or split the app into several.',
        position: { file: name, line: 1, column: 1 },
      },
    ],
    stats,
  };
}

/** Joins rendered documents into one stream, adding `---` and newlines only where needed. */
class OutputStream {
  private readonly parts: string[] = [];
  documents = 0;

  add(piece: string, ending: string): void {
    const previous = this.parts.at(-1);
    if (previous !== undefined && !previous.endsWith('\n')) this.parts.push(ending);
    const ended =
      previous !== undefined && /(?:^|\n)\.\.\.[ \t]*(?:#[^\n]*)?\r?\n?$/.test(previous);
    if (this.documents > 0 && !ended && !startsWithMarker(piece)) this.parts.push(`---${ending}`);
    this.parts.push(piece);
    if (hasContent(piece)) this.documents += 1;
  }

  chunks(): readonly string[] {
    return this.parts;
  }
}

function startsWithMarker(piece: string): boolean {
  // A preamble of comments may come before the marker.
  return /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*---(?:[ \t\r\n]|$)/.test(piece);
}

function hasContent(piece: string): boolean {
  return /^(?!---|\.\.\.|[ \t]*(?:#|$))/m.test(piece);
}
