import { isScalar, type YAMLMap } from 'yaml';
import { GRANTED_ROLES_ANNOTATION, type ObjectContext, report } from './object-context.js';
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
    if (settings.passUnknownChildren) return;
    report(
      object,
      'error',
      'render.unknown-child',
      manifest.get(object.node, 'metadata', 'name'),
      `app "${object.name}" is not in ${settings.scope.childrenCatalogue ?? 'the catalogue'}, so aoa-iam cannot say which roles it may use`,
      `Add "${object.name}" under apps: in the catalogue, or set the unknown-children setting to "pass" to leave it unchanged.`,
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
  // Not yet: a child whose repository differs from the parent's gets no
  // catalogue parameter, so it finds a catalogue only if its own repository has one.
  const source = manifest.getMap(spec, 'source');
  if (!source) return;
  if (!sourceIsFree(object, source)) return;

  const current = manifest.getMap(source, 'plugin');
  if (current) {
    checkExistingPlugin(object, current);
  } else {
    const value: Record<string, InsertedValue> = { name: plugin.name };
    if (plugin.parameters.length > 0) {
      value.parameters = plugin.parameters.map((parameter) => ({
        name: parameter.name,
        string: parameter.value,
      }));
    }
    object.editor.append(source, 'plugin', value);
  }
  stampGrantedRoles(object, roles.map((role) => role.arn).sort());
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

function checkExistingPlugin(object: ObjectContext, current: YAMLMap): void {
  const { manifest } = object;
  const plugin = object.settings.plugin!;
  const name = manifest.getString(current, 'name');
  const parameters = new Map<string, string | undefined>();
  for (const item of manifest.getItems(current, 'parameters')) {
    const key = manifest.getString(item, 'name');
    if (key !== undefined) parameters.set(key, manifest.getString(item, 'string'));
  }
  const mismatch =
    name !== plugin.name
      ? `names plugin "${name ?? ''}", not "${plugin.name}"`
      : plugin.parameters
          .filter((parameter) => parameters.get(parameter.name) !== parameter.value)
          .map(
            (parameter) =>
              `sets ${parameter.name} to "${parameters.get(parameter.name) ?? ''}", not "${parameter.value}"`,
          )
          .join('; ');
  if (mismatch === '') return;
  report(
    object,
    'error',
    'render.child-source-conflict',
    manifest.get(current, 'name'),
    `${object.path}spec.source.plugin ${mismatch}`,
    "Remove spec.source.plugin from the child; aoa-iam stamps it with the parent's settings.",
  );
}

function stampGrantedRoles(object: ObjectContext, arns: string[]): void {
  const { manifest, editor } = object;
  const metadata = manifest.getMap(object.node, 'metadata');
  if (!metadata) return;
  const annotations = manifest.getMap(metadata, 'annotations');
  const pair = annotations ? manifest.pair(annotations, GRANTED_ROLES_ANNOTATION) : undefined;
  const wanted = arns.join(',');
  if (pair) {
    const current = isScalar(pair.value) ? String(pair.value.value ?? '') : '';
    if (current === wanted) return;
    if (wanted === '') editor.remove(annotations!, pair);
    else editor.setScalar(annotations!, GRANTED_ROLES_ANNOTATION, wanted);
    return;
  }
  if (wanted !== '')
    editor.setInChild(metadata, 'annotations', [[GRANTED_ROLES_ANNOTATION, wanted]]);
}
