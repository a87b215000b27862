import { isScalar, type YAMLMap } from 'yaml';
import {
  annotationsWritable,
  GRANTED_ROLES_ANNOTATION,
  type ObjectContext,
  report,
} from './object-context.js';
import { ARGOCD_PLUGIN_NAME } from './plugin-name.js';
import type { InsertedValue } from './scalar-text.js';

/** Source types Argo CD allows beside `plugin`; a child must use only aoa-iam's plugin. */
const OTHER_SOURCE_TYPES = ['directory', 'helm', 'kustomize'] as const;

/**
 * Stamps a child Application of the rendered parent so that Argo CD renders the
 * child through aoa-iam too: `spec.source.plugin` with the plugin's name and the
 * parameters the child needs, and an annotation listing its granted roles.
 * Writes nothing that is already there, and no empty or default-valued fields,
 * which would keep the parent OutOfSync forever.
 */
export function stampApplication(object: ObjectContext): void {
  const { manifest, settings } = object;
  const roles = settings.scope.children.get(object.name);
  if (!roles) {
    // An unknown Application that names aoa-iam's plugin would render with
    // settings it chose itself (its catalogue, its app), so it never passes.
    const pluginName = manifest.getString(object.node, 'spec', 'source', 'plugin', 'name') ?? '';
    const namesPlugin = pluginName.startsWith(ARGOCD_PLUGIN_NAME);
    if (settings.passUnknownChildren && !namesPlugin) return;
    report(
      object,
      'error',
      'render.unknown-child',
      manifest.get(object.node, 'metadata', 'name'),
      `app "${object.name}" is not in ${settings.scope.childrenCatalogue ?? 'the catalogue'}, so aoa-iam cannot say which roles it may use` +
        (namesPlugin ? `, yet it names the aoa-iam plugin "${pluginName}"` : ''),
      namesPlugin
        ? `Add "${object.name}" under apps: in the catalogue; an app outside it cannot render through aoa-iam.`
        : `Add "${object.name}" under apps: in the catalogue, or set the unknown-children setting to "pass" to leave it unchanged.`,
    );
    return;
  }
  const plugin = settings.plugin;
  const spec = manifest.getMap(object.node, 'spec');
  if (!plugin || !spec) return;
  // Not yet: multi-source children (spec.sources) are refused, not stamped; such
  // an app must be split or moved to one source before aoa-iam can render it.
  if (manifest.pair(spec, 'sources')) {
    report(
      object,
      'error',
      'render.multi-source-child',
      manifest.get(spec, 'sources'),
      `${object.path}spec.sources is set; aoa-iam stamps single-source children only`,
      'Use spec.source with one repository path for a child that aoa-iam renders.',
    );
    return;
  }
  const source = manifest.getMap(spec, 'source');
  if (!source) return;
  if (!sourceIsFree(object, source) || !sameRepository(object, source)) return;

  const parameters = childParameters(object);
  const current = manifest.getMap(source, 'plugin');
  if (current) {
    if (!checkExistingPlugin(object, current, parameters)) return;
  } else {
    const value: Record<string, InsertedValue> = { name: plugin.name };
    value.parameters = parameters.map((parameter) => ({
      name: parameter.name,
      string: parameter.value,
    }));
    object.editor.append(source, 'plugin', value);
  }
  stampGrantedRoles(object, roles.map((role) => role.arn).sort());
}

/**
 * The catalogue path stamped into a child is read from the child's own
 * repository, so a child in another repository could carry a catalogue of its
 * own there. When the parent's repository is known (Argo CD says it), a child
 * elsewhere is refused.
 */
function sameRepository(object: ObjectContext, source: YAMLMap): boolean {
  const parent = object.settings.plugin?.repoURL;
  if (parent === undefined) return true;
  const child = object.manifest.getString(source, 'repoURL') ?? '';
  if (normaliseRepoURL(child) === normaliseRepoURL(parent)) return true;
  report(
    object,
    'error',
    'render.child-other-repository',
    object.manifest.get(source, 'repoURL'),
    `${object.path}spec.source.repoURL is "${child}", not the parent's repository ${parent}; the child would read its catalogue from a repository the parent does not control`,
    "Keep children that aoa-iam renders in the parent's repository, or set the unknown-children setting to pass and leave this child out of the catalogue.",
  );
  return false;
}

/** `https://github.com/org/repo.git/` and `https://GitHub.com/org/repo` name the same repository. */
function normaliseRepoURL(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();
}

function sourceIsFree(object: ObjectContext, source: YAMLMap): boolean {
  for (const type of OTHER_SOURCE_TYPES) {
    const pair = object.manifest.pair(source, type);
    if (!pair) continue;
    report(
      object,
      'error',
      'render.child-source-conflict',
      pair.key,
      `${object.path}spec.source.${type} is set beside the aoa-iam plugin; Argo CD allows one source type`,
      `Remove spec.source.${type}: the aoa-iam plugin runs kustomize or helm itself (helm values files go in its values-files parameter).`,
    );
    return false;
  }
  return true;
}

/**
 * The parameters a child gets: the parent's, with the child's own app name
 * after the environment. The parent decides the child's identity, catalogue
 * and environment; the child cannot choose them.
 */
function childParameters(object: ObjectContext): Array<{ name: string; value: string }> {
  const given = object.settings.plugin!.parameters.filter((parameter) => parameter.name !== 'app');
  const app = { name: 'app', value: object.name };
  return given.length > 0 ? [given[0]!, app, ...given.slice(1)] : [app];
}

/** `audience` → `AOA_IAM_AUDIENCE`, the variable name of a setting in `plugin.env`. */
function envName(parameter: string): string {
  return `AOA_IAM_${parameter.toUpperCase().replaceAll('-', '_')}`;
}

/**
 * A child that already names the plugin must name it exactly as the parent
 * would, with every parameter the parent stamps, and no parameter or
 * `plugin.env` variable that sets one of them differently: those decide which
 * app's roles the child gets.
 */
function checkExistingPlugin(
  object: ObjectContext,
  current: YAMLMap,
  wanted: ReadonlyArray<{ name: string; value: string }>,
): boolean {
  const { manifest } = object;
  const plugin = object.settings.plugin!;
  const name = manifest.getString(current, 'name');
  const parameters = new Map<string, string | undefined>();
  for (const item of manifest.getItems(current, 'parameters')) {
    const key = manifest.getString(item, 'name');
    if (key !== undefined) parameters.set(key, manifest.getString(item, 'string'));
  }
  const env = new Map<string, string | undefined>();
  for (const item of manifest.getItems(current, 'env')) {
    const key = manifest.getString(item, 'name');
    if (key !== undefined) env.set(key, manifest.getString(item, 'value'));
  }
  const problems: string[] = [];
  if (name !== plugin.name) problems.push(`names plugin "${name ?? ''}", not "${plugin.name}"`);
  for (const parameter of wanted) {
    const given = parameters.get(parameter.name);
    if (!parameters.has(parameter.name)) problems.push(`does not set ${parameter.name}`);
    else if (given !== parameter.value) {
      problems.push(`sets ${parameter.name} to "${given ?? ''}", not "${parameter.value}"`);
    }
    const variable = envName(parameter.name);
    if (env.has(variable) && env.get(variable) !== parameter.value) {
      problems.push(
        `sets ${variable} in env to "${env.get(variable) ?? ''}", not "${parameter.value}"`,
      );
    }
  }
  if (problems.length === 0) return true;
  report(
    object,
    'error',
    'render.child-source-conflict',
    manifest.get(current, 'name'),
    `${object.path}spec.source.plugin ${problems.join('; ')}`,
    "Remove spec.source.plugin from the child; aoa-iam stamps it with the parent's settings and the child's own app name.",
  );
  return false;
}

function stampGrantedRoles(object: ObjectContext, arns: string[]): void {
  const { manifest, editor } = object;
  const metadata = manifest.getMap(object.node, 'metadata');
  if (!metadata || !annotationsWritable(object, metadata)) return;
  const annotations = manifest.getMap(metadata, 'annotations');
  const pair = annotations ? manifest.pair(annotations, GRANTED_ROLES_ANNOTATION) : undefined;
  const wanted = arns.join(',');
  if (pair) {
    // Overwritten with the catalogue's answer, so the roles it names now do not count.
    if (pair.value) object.state.checked.add(pair.value);
    const current = isScalar(pair.value) ? String(pair.value.value ?? '') : '';
    if (current === wanted) return;
    if (wanted === '') editor.remove(annotations!, pair);
    else editor.setScalar(annotations!, GRANTED_ROLES_ANNOTATION, wanted);
    return;
  }
  if (wanted !== '')
    editor.setInChild(metadata, 'annotations', [[GRANTED_ROLES_ANNOTATION, wanted]]);
}
