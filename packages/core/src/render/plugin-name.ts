/**
 * Name and version of the Argo CD config-management plugin, as its
 * `plugin.yaml` declares them (`metadata.name`, `spec.version`). The plugin's
 * tests check that this file and `argocd-plugin/plugin.yaml` agree.
 */
export const ARGOCD_PLUGIN_NAME = 'aoa-iam';
export const ARGOCD_PLUGIN_VERSION = 'v1';

/**
 * The name a child Application's `spec.source.plugin.name` must carry: Argo CD
 * registers a plugin that sets `spec.version` as `<name>-<version>`.
 */
export function argocdPluginReference(
  name: string = ARGOCD_PLUGIN_NAME,
  version: string | undefined = ARGOCD_PLUGIN_VERSION,
): string {
  return version ? `${name}-${version}` : name;
}
