import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import {
  annotationsWritable,
  grantFor,
  type ObjectContext,
  ROLE_ARN_ANNOTATION,
  RULE_NOT_A_STRING,
  report,
  serviceAccountSubject,
} from './object-context.js';
import type { ServiceAccountGrant } from './render-scope.js';
import { describeUngrantedRole, RULE_ROLE_NOT_GRANTED } from './ungranted-role.js';

/**
 * Renders one ServiceAccount: checks any role it already claims against the
 * catalogue (invariant 3) and, when the app holds an IRSA role for it in this
 * environment, sets `eks.amazonaws.com/role-arn` and the configured extras.
 */
export function renderServiceAccount(object: ObjectContext): void {
  const { manifest, settings, state } = object;
  state.serviceAccountsSeen.add(`${object.namespace}/${object.name}`);
  const grant = grantFor(object, object.name);
  const metadata = manifest.getMap(object.node, 'metadata');
  if (!metadata) return;
  if (!annotationsWritable(object, metadata)) return;
  const annotations = manifest.getMap(metadata, 'annotations');
  const claimPair = annotations ? manifest.pair(annotations, ROLE_ARN_ANNOTATION) : undefined;

  let hasRole = false;
  if (annotations && claimPair) {
    const verdict = checkClaim(object, annotations, metadata, claimPair, grant);
    if (verdict === 'refused') return;
    // A replaced empty claim already holds the granted role; writing it again would add a second value.
    hasRole = verdict === 'kept' || verdict === 'replaced';
  }
  if (!grant?.annotate || !settings.annotate) return;

  const entries: Array<[string, string]> = hasRole ? [] : [[ROLE_ARN_ANNOTATION, grant.role.arn]];
  for (const extra of settings.serviceAccountAnnotations) {
    const current = annotations ? manifest.getString(annotations, extra.key) : undefined;
    if (current === undefined) entries.push([extra.key, extra.value]);
    else if (current !== extra.value) {
      report(
        object,
        'warning',
        'render.annotation-kept',
        manifest.get(annotations, extra.key),
        `${object.path}metadata.annotations["${extra.key}"] is "${current}"; kept as written instead of the configured "${extra.value}"`,
        `Remove the annotation from the manifest to use the configured value.`,
      );
    }
  }
  object.editor.setInChild(metadata, 'annotations', entries);
}

type ClaimVerdict = 'kept' | 'replaced' | 'removed' | 'refused';

function checkClaim(
  object: ObjectContext,
  annotations: YAMLMap,
  metadata: YAMLMap,
  claimPair: Pair<Node, Node | null>,
  grant: ServiceAccountGrant | undefined,
): ClaimVerdict {
  const { manifest, editor, settings } = object;
  const node = manifest.resolve(claimPair.value);
  if (node) object.state.checked.add(node);
  const claim = isScalar(node) && node.value !== null ? String(node.value) : '';
  const path = `${object.path}metadata.annotations["${ROLE_ARN_ANNOTATION}"]`;
  if (node && !isScalar(node)) {
    report(
      object,
      'error',
      RULE_NOT_A_STRING,
      node,
      `${path} is a ${isMap(node) ? 'map' : 'list'}; Kubernetes annotations are strings`,
      'Remove the annotation: aoa-iam writes the granted role itself.',
    );
    return 'refused';
  }

  if (claim.trim() === '') {
    if (grant?.annotate && settings.annotate) {
      editor.setScalar(annotations, ROLE_ARN_ANNOTATION, grant.role.arn);
      return 'replaced';
    }
    // An empty claim gives the pod no role but makes the webhook mount a token; drop it.
    if (annotations.items.length === 1) {
      const annotationsPair = manifest.pair(metadata, 'annotations')!;
      editor.remove(metadata, annotationsPair);
    } else {
      editor.remove(annotations, claimPair);
    }
    report(
      object,
      'warning',
      'render.empty-role-claim',
      node ?? undefined,
      `${path} is empty; removed it, since ${serviceAccountSubject(object.namespace, object.name)} holds no IRSA role in ${settings.scope.environment}`,
      'Delete the empty annotation from the manifest or its chart values.',
    );
    return 'removed';
  }

  if (grant && claim === grant.role.arn) {
    if (!grant.annotate) {
      report(
        object,
        'warning',
        'render.pod-identity-annotation',
        node ?? undefined,
        `${path} names ${claim}, which trusts EKS Pod Identity, not IRSA: the annotation makes the pod try web identity and fail`,
        'Remove the annotation; the EKS Pod Identity association binds this role.',
      );
    }
    return 'kept';
  }

  report(
    object,
    'error',
    RULE_ROLE_NOT_GRANTED,
    node ?? undefined,
    `${path} ${describeUngrantedRole(object, claim, grant)}`,
    `Remove the annotation: aoa-iam writes the granted role itself. To grant the role, add this service account to app "${settings.scope.app}" in the catalogue.`,
  );
  return 'refused';
}
