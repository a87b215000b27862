import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { Finding, Severity } from '../findings/finding.js';
import type { DocumentEditor } from './document-editor.js';
import type { ManifestDocument } from './manifest-document.js';
import type { RenderScope, ServiceAccountGrant } from './render-scope.js';

/** The annotation EKS's pod identity webhook reads the IRSA role from. */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** Optional IRSA annotations the webhook also reads, when the user configures them. */
export const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';
export const STS_REGIONAL_ANNOTATION = 'eks.amazonaws.com/sts-regional-endpoints';
export const TOKEN_EXPIRATION_ANNOTATION = 'eks.amazonaws.com/token-expiration';
/** Annotation aoa-iam writes on a child Application: its granted role ARNs, comma-separated. */
export const GRANTED_ROLES_ANNOTATION = 'aoa-iam.io/granted-roles';

/**
 * An IAM role ARN anywhere in a string: partition, account and role path/name,
 * in any letter case (IAM role names are unique regardless of case).
 */
export const ROLE_ARN_PATTERN = /arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+/gi;

/** Settings of one render that every object handler reads. */
export interface RenderSettings {
  scope: RenderScope;
  /** Annotate ServiceAccounts (child and auto modes). */
  annotate: boolean;
  /** Stamp child Applications (parent and auto modes). */
  stamp: boolean;
  /** Namespace of objects that name none: the kustomization's, the Application destination's. */
  defaultNamespace?: string;
  /**
   * Plugin name and parameters written into child Applications (each child's
   * `app` parameter is added per child), and the parent's repository when known:
   * children elsewhere are refused.
   */
  plugin?: {
    name: string;
    parameters: ReadonlyArray<{ name: string; value: string }>;
    repoURL?: string;
  };
  /** Extra IRSA annotations written beside the role ARN. */
  serviceAccountAnnotations: ReadonlyArray<{ key: string; value: string }>;
  /** Leave Applications the catalogue does not know unchanged instead of failing. */
  passUnknownChildren: boolean;
  /** The scope's service-account grants by `namespace/name`, for one lookup per object. */
  grants: ReadonlyMap<string, ServiceAccountGrant>;
}

/** What handlers record across documents. */
export interface RenderState {
  findings: Finding[];
  /** `namespace/name` of every ServiceAccount seen, for "granted but not rendered". */
  serviceAccountsSeen: Set<string>;
  /**
   * Nodes of the current document whose role ARNs a handler has checked against
   * their service account's grant, so the document-wide check skips them.
   */
  checked: Set<Node>;
}

/** One Kubernetes object being rendered: a document's root or an item of a `List`. */
export interface ObjectContext {
  manifest: ManifestDocument;
  editor: DocumentEditor;
  node: YAMLMap;
  /** Path of the object inside its document: '' for the root, `items[3].` inside a List. */
  path: string;
  kind: string;
  name: string;
  /** The object's namespace, else the default namespace; undefined when neither is known. */
  namespace?: string;
  settings: RenderSettings;
  state: RenderState;
}

/** `ServiceAccount team-a/app`, the way kubectl names an object. */
export function objectLabel(object: ObjectContext): string {
  const where = object.namespace ? `${object.namespace}/${object.name}` : object.name;
  return `${object.kind} ${where}`;
}

/** `document 3 of <stdin>`: documents count from 1, empty ones included. */
export function documentLabel(manifest: ManifestDocument): string {
  return `document ${manifest.span.index + 1} of ${manifest.source.name}`;
}

/** Records a finding about `object`, positioned at `node` (or the object). */
export function report(
  object: ObjectContext,
  severity: Severity,
  rule: string,
  node: Node | undefined,
  message: string,
  fix: string,
): void {
  const offset = object.manifest.at((node ?? object.node).range?.[0] ?? 0);
  object.state.findings.push({
    rule,
    severity,
    message: `${documentLabel(object.manifest)} (${objectLabel(object)}): ${message}`,
    fix,
    position: object.manifest.source.positionOf(offset),
    subject: { app: object.settings.scope.app, environment: object.settings.scope.environment },
  });
}

/** `system:serviceaccount:NS:SA`, the subject IRSA trust policies match. */
export function serviceAccountSubject(namespace: string | undefined, name: string): string {
  return `system:serviceaccount:${namespace ?? '(no namespace)'}:${name}`;
}

/** The optional IRSA settings, by their CLI and plugin names. */
export interface IrsaExtras {
  audience?: string;
  stsRegionalEndpoints?: string;
  tokenExpiration?: string;
}

/** The annotations the optional IRSA settings add beside the role ARN, in writing order. */
export function irsaExtraAnnotations(extras: IrsaExtras): Array<{ key: string; value: string }> {
  const annotations: Array<{ key: string; value: string }> = [];
  if (extras.audience) annotations.push({ key: AUDIENCE_ANNOTATION, value: extras.audience });
  if (extras.stsRegionalEndpoints) {
    annotations.push({ key: STS_REGIONAL_ANNOTATION, value: extras.stsRegionalEndpoints });
  }
  if (extras.tokenExpiration) {
    annotations.push({ key: TOKEN_EXPIRATION_ANNOTATION, value: extras.tokenExpiration });
  }
  return annotations;
}

/** The grant of service account `name` in the object's namespace, if the app holds one. */
export function grantFor(object: ObjectContext, name: string): ServiceAccountGrant | undefined {
  return object.settings.grants.get(`${object.namespace}/${name}`);
}

/** The scope's grants keyed by `namespace/name`; the first grant of a service account wins. */
export function grantsByServiceAccount(scope: RenderScope): Map<string, ServiceAccountGrant> {
  const grants = new Map<string, ServiceAccountGrant>();
  for (const grant of scope.serviceAccounts) {
    const key = `${grant.namespace}/${grant.serviceAccount}`;
    if (!grants.has(key)) grants.set(key, grant);
  }
  return grants;
}

/** Rule id of metadata.annotations, or an annotation aoa-iam reads, that is not what Kubernetes takes. */
export const RULE_NOT_A_STRING = 'render.annotations-malformed';

/**
 * True when `metadata.annotations` is absent, empty or a map, so aoa-iam can
 * read and write it. A list or a string there (`annotations: []`) is refused
 * with an error: Kubernetes rejects it, and writing into it would make invalid YAML.
 */
export function annotationsWritable(object: ObjectContext, metadata: YAMLMap): boolean {
  const node = object.manifest.get(metadata, 'annotations');
  if (node === undefined || isMap(node)) return true;
  if (isScalar(node) && (node.value === null || node.value === '')) return true;
  report(
    object,
    'error',
    RULE_NOT_A_STRING,
    node,
    `${object.path}metadata.annotations is ${isScalar(node) ? 'a string' : 'a list'}; Kubernetes takes a map of strings there`,
    'Write metadata.annotations as a map (key: value lines), or remove it.',
  );
  return false;
}
