import type { App, Catalogue } from '../catalogue/model.js';
import type { DerivedRole } from '../compile/role.js';

/** The role a service account of the rendered app holds in the chosen environment. */
export interface ServiceAccountGrant {
  namespace: string;
  serviceAccount: string;
  /** Catalogue identity name. */
  identity: string;
  role: DerivedRole;
  /**
   * True for IRSA. EKS Pod Identity roles are bound by an association in the
   * EKS API, not by an annotation; annotating such a service account would make
   * the pod identity webhook inject IRSA credentials the role does not trust.
   */
  annotate: boolean;
}

/** Everything the render needs to know about one app in one environment. */
export interface RenderScope {
  /** Argo CD name of the rendered app. */
  app: string;
  environment: string;
  /** Service accounts of this app granted a role in this environment. */
  serviceAccounts: ServiceAccountGrant[];
  /** Every role of the environment by ARN, to say whom a named role is granted to. */
  rolesByArn: Map<string, DerivedRole>;
  /**
   * Every AWS account of the catalogue, in all environments: a role ARN in one
   * of them is the catalogue's to govern wherever a manifest names it.
   */
  accounts: ReadonlySet<string>;
  /**
   * Child apps the rendered app may stamp (its catalogue's apps), each with its
   * roles in this environment; empty when the app is not a parent.
   */
  children: Map<string, DerivedRole[]>;
  /** The catalogue file that lists the children, for messages. */
  childrenCatalogue?: string;
}

/** Why a scope could not be built: the app or environment is unknown. */
export class RenderScopeError extends Error {
  override name = 'RenderScopeError';
}

/**
 * Builds the render scope of `app` in `environment` from the root catalogue and
 * the roles compile derived from it. `app` is either the root catalogue's parent
 * (the App of Apps itself) or an app anywhere in the tree of nested catalogues.
 */
export function buildRenderScope(
  catalogue: Catalogue,
  roles: readonly DerivedRole[],
  app: string,
  environment: string,
): RenderScope {
  if (!catalogue.environments.has(environment)) {
    const known = [...catalogue.environments.keys()].join(', ');
    throw new RenderScopeError(
      `environment "${environment}" is not in ${catalogue.file} (it declares ${known})`,
    );
  }

  const inEnvironment = roles.filter((role) => role.environment === environment);
  const rolesByArn = new Map(inEnvironment.map((role) => [role.arn, role]));
  const isRoot = app === catalogue.parent;
  const found = isRoot ? undefined : findApp(catalogue, app);
  if (!isRoot && !found) {
    throw new RenderScopeError(
      `app "${app}" is neither the parent "${catalogue.parent}" nor an app of ${catalogue.file} or its nested catalogues`,
    );
  }

  const own = found
    ? inEnvironment.filter((role) => role.app === app && role.parents.at(-1) === found.parent)
    : [];
  const childCatalogue = isRoot ? catalogue : found?.app.nested;
  const children = new Map<string, DerivedRole[]>();
  for (const child of childCatalogue?.apps.keys() ?? []) {
    children.set(
      child,
      inEnvironment.filter(
        (role) => role.app === child && role.parents.at(-1) === childCatalogue!.parent,
      ),
    );
  }

  const accounts = new Set(roles.map((role) => role.account));
  for (const declared of catalogue.environments.values()) accounts.add(declared.account);

  return {
    app,
    environment,
    serviceAccounts: own.flatMap(serviceAccountGrant),
    rolesByArn,
    accounts,
    children,
    ...(childCatalogue ? { childrenCatalogue: childCatalogue.file } : {}),
  };
}

function serviceAccountGrant(role: DerivedRole): ServiceAccountGrant[] {
  const spec = role.identitySpec;
  if (spec.kind !== 'serviceAccount') return [];
  return [
    {
      namespace: spec.namespace,
      serviceAccount: spec.serviceAccount,
      identity: role.identity,
      role,
      annotate: role.trustedSubject.mechanism === 'eks-irsa',
    },
  ];
}

/** Depth-first search for `name` through nested catalogues; returns it with its parent's name. */
function findApp(catalogue: Catalogue, name: string): { app: App; parent: string } | undefined {
  const direct = catalogue.apps.get(name);
  if (direct) return { app: direct, parent: catalogue.parent };
  for (const candidate of catalogue.apps.values()) {
    if (!candidate.nested) continue;
    const deeper = findApp(candidate.nested, name);
    if (deeper) return deeper;
  }
  return undefined;
}
