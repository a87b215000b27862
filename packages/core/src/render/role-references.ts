import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Finding } from '../findings/finding.js';
import type { ManifestDocument } from './manifest-document.js';
import type { RenderSettings } from './object-context.js';
import { RULE_ROLE_NOT_GRANTED } from './ungranted-role.js';

/** Rule id of a YAML 1.1 merge key (`<<`), which aoa-iam refuses rather than resolve. */
export const RULE_MERGE_KEY = 'render.merge-key';

/**
 * An IAM role ARN anywhere in a decoded string, in any letter case (IAM role
 * names are unique regardless of case). Group 1 is the account.
 */
const ANY_ROLE_ARN = /arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+/gi;

/**
 * Where a role may be named outside the places a handler already checked
 * (ServiceAccount annotations, pod template env values, a child Application's
 * granted roles): every string of the document, keys included, decoded as a
 * YAML reader decodes it (escapes, folded lines), plus base64 that Kubernetes
 * decodes (`Secret.data`, `ConfigMap.binaryData`, `!!binary`). A role in one of
 * the catalogue's accounts that is not granted to one of this app's service
 * accounts in this environment fails the render (invariant 3); roles of other
 * accounts are not the catalogue's to govern. Merge keys (`<<`) are refused:
 * Kubernetes' YAML 1.1 reader merges them, so they could move a role or a
 * service account name where the checks above do not look.
 */
export function checkRoleReferences(
  manifest: ManifestDocument,
  settings: RenderSettings,
  checked: ReadonlySet<Node>,
  findings: Finding[],
): void {
  const root = manifest.root;
  if (!root) return;
  const allowed = new Set(
    settings.scope.serviceAccounts.map((grant) => grant.role.arn.toLowerCase()),
  );
  const accounts = settings.scope.accounts;
  const reported = new Set<string>();
  const name = isMap(root) ? manifest.getString(root, 'metadata', 'name') : undefined;
  const scan = (node: Node, text: string, kind: string | undefined, where: string): void => {
    for (const match of text.matchAll(ANY_ROLE_ARN)) {
      const arn = match[0];
      if (!accounts.has(match[1]!) || allowed.has(arn.toLowerCase())) continue;
      const offset = manifest.at(node.range?.[0] ?? 0);
      const key = `${offset}:${arn}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const { scope } = settings;
      const owner = scope.rolesByArn.get(arn);
      findings.push({
        rule: RULE_ROLE_NOT_GRANTED,
        severity: 'error',
        message:
          `document ${manifest.span.index + 1} of ${manifest.source.name}${kind ? ` (${[kind, name].filter(Boolean).join(' ')})` : ''}: ` +
          `${where} names role ${arn}, which is not granted to a service account of app ${scope.app} in ${scope.environment}` +
          (owner
            ? `: it is granted to ${owner.trustedSubject.subject} (app ${owner.app})`
            : `: the catalogue grants it to no identity in ${scope.environment}`),
        fix: 'Remove the role ARN: a pod gets its role from its ServiceAccount, which aoa-iam annotates with the granted role.',
        position: manifest.source.positionOf(offset),
        subject: { app: scope.app, environment: scope.environment },
      });
    }
  };

  // `kind` is the kind of the object the node belongs to (a List's items have their own),
  // `path` the node's path inside that object.
  const visit = (
    node: Node | null | undefined,
    kind: string | undefined,
    path: string,
    base64: boolean,
  ): void => {
    if (!node || isAlias(node)) return; // an alias repeats an anchor visited where it is defined
    if (isScalar(node)) {
      if (checked.has(node)) return;
      const value: unknown = node.value;
      // The parser decodes `!!binary` to bytes, as Kubernetes' reader does.
      if (value instanceof Uint8Array) {
        scan(node, Buffer.from(value).toString('utf8'), kind, `${path} (binary)`);
      } else if (typeof value === 'string') {
        scan(node, value, kind, path || 'the document');
        if (base64) {
          scan(node, Buffer.from(value, 'base64').toString('utf8'), kind, `${path} (base64)`);
        }
      }
      return;
    }
    if (isSeq(node)) {
      node.items.forEach((item, index) => {
        visit(item as Node, kind, `${path}[${index}]`, false);
      });
      return;
    }
    if (!isMap(node)) return;
    const ownKind = manifest.getString(node, 'kind');
    const isObject = ownKind !== undefined && manifest.get(node, 'apiVersion') !== undefined;
    const mapKind = isObject ? ownKind : kind;
    const mapPath = isObject ? '' : path;
    const valuesBase64 =
      (mapKind === 'Secret' && mapPath === 'data') ||
      (mapKind === 'ConfigMap' && mapPath === 'binaryData');
    for (const pair of (node as YAMLMap).items as Array<Pair<Node, Node | null>>) {
      const keyNode = pair.key;
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
        findings.push(mergeKey(manifest, keyNode, mapPath));
        continue;
      }
      const name = isScalar(keyNode) ? String(keyNode.value) : '?';
      const child = mapPath === '' ? name : `${mapPath}.${name}`;
      visit(keyNode, mapKind, `${child} (key)`, false);
      // Secret.data and ConfigMap.binaryData hold base64 that Kubernetes decodes for the pod.
      visit(pair.value, mapKind, child, valuesBase64);
    }
  };
  // Not yet: an ARN a manifest builds at run time (a shell command joining
  // strings, base64 of compressed data) is not seen; such a pod still assumes
  // nothing its ServiceAccount's token is not trusted for.
  visit(root, undefined, '', false);
}

function mergeKey(manifest: ManifestDocument, keyNode: Node, path: string): Finding {
  const offset = manifest.at(keyNode.range?.[0] ?? 0);
  return {
    rule: RULE_MERGE_KEY,
    severity: 'error',
    message: `document ${manifest.span.index + 1} of ${manifest.source.name}: ${path || 'the document'} has a YAML merge key "<<"; Kubernetes merges it, and aoa-iam does not read merged keys, so it could hide a role or a service account name`,
    fix: 'Write the merged keys out in the map instead of "<<".',
    position: manifest.source.positionOf(offset),
  };
}
