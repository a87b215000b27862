import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import {
  grantFor,
  type ObjectContext,
  ROLE_ARN_ANNOTATION,
  ROLE_ARN_PATTERN,
  report,
} from './object-context.js';
import { describeUngrantedRole, RULE_ROLE_NOT_GRANTED } from './ungranted-role.js';

/** Where each workload kind keeps its pod template; every other kind uses `spec.template`. */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * Checks the IAM roles a pod template names (invariant 3): a role-arn
 * annotation on the template (which EKS ignores there) and role ARNs in
 * container env values must be the role granted to the pod's service account.
 */
export function checkPodTemplate(object: ObjectContext): void {
  const { manifest } = object;
  const path = TEMPLATE_PATHS[object.kind] ?? ['spec', 'template'];
  const template = path.length === 0 ? object.node : manifest.getMap(object.node, ...path);
  if (!isMap(template)) return;
  const spec = manifest.getMap(template, 'spec');
  if (!spec || !manifest.get(spec, 'containers')) return;

  const serviceAccount =
    manifest.getString(spec, 'serviceAccountName') ??
    manifest.getString(spec, 'serviceAccount') ??
    'default';
  const grant = grantFor(object, serviceAccount);
  const prefix = `${object.path}${path.map((key) => `${key}.`).join('')}`;
  const granted = grant?.role.arn;

  checkTemplateAnnotation(object, template as YAMLMap, prefix, serviceAccount, granted);
  for (const list of CONTAINER_LISTS) {
    manifest.getItems(spec, list).forEach((container, index) => {
      manifest.getItems(container, 'env').forEach((variable, envIndex) => {
        const value = manifest.get(variable, 'value');
        if (!isScalar(value) || typeof value.value !== 'string') return;
        object.state.checked.add(value);
        for (const arn of value.value.match(ROLE_ARN_PATTERN) ?? []) {
          if (arn.toLowerCase() === granted?.toLowerCase()) continue;
          report(
            object,
            'error',
            RULE_ROLE_NOT_GRANTED,
            value,
            `${prefix}spec.${list}[${index}].env[${envIndex}].value ${describeUngrantedRole(object, arn, grant, serviceAccount)}`,
            'Remove the role ARN from the environment; IRSA sets AWS_ROLE_ARN from the ServiceAccount aoa-iam annotates.',
          );
        }
      });
    });
  }
}

function checkTemplateAnnotation(
  object: ObjectContext,
  template: YAMLMap,
  prefix: string,
  serviceAccount: string,
  granted: string | undefined,
): void {
  const { manifest } = object;
  const annotations = manifest.getMap(template, 'metadata', 'annotations');
  const node: Node | undefined = annotations
    ? manifest.get(annotations, ROLE_ARN_ANNOTATION)
    : undefined;
  if (!annotations || !node) return;
  object.state.checked.add(node);
  const claim = isScalar(node) && node.value !== null ? String(node.value) : '';
  const path = `${prefix}metadata.annotations`;

  if (claim !== '' && claim === granted) {
    report(
      object,
      'warning',
      'render.ineffective-annotation',
      node,
      `${path}["${ROLE_ARN_ANNOTATION}"] has no effect on a pod template; EKS reads the role from ServiceAccount ${object.namespace}/${serviceAccount}, where aoa-iam sets it`,
      'Remove the annotation from the pod template.',
    );
    return;
  }
  const grant = grantFor(object, serviceAccount);
  report(
    object,
    'error',
    RULE_ROLE_NOT_GRANTED,
    node,
    `${path}["${ROLE_ARN_ANNOTATION}"] ${describeUngrantedRole(object, claim || '""', grant, serviceAccount)}`,
    'Remove the annotation from the pod template; aoa-iam sets the granted role on the ServiceAccount.',
  );
}
