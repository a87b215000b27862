import type { App, Capability, Catalogue } from '../catalogue/model.js';
import { pointerOf, positionOf } from '../catalogue/model.js';
import type { DerivedRole } from '../compile/role.js';
import type { FindingSubject, SourcePosition } from '../findings/finding.js';
import type { PolicySite } from './policy-site.js';

/**
 * Finds things across a tree of catalogues: which file declares an app, where a
 * capability's statements are written, the chain of catalogues above a file.
 */
export class CatalogueIndex {
  /** Root first, parents before children. */
  readonly catalogues: Catalogue[] = [];
  private readonly byFile = new Map<string, Catalogue>();
  private readonly chains = new Map<string, Catalogue[]>();

  constructor(readonly root: Catalogue) {
    this.visit(root, []);
  }

  private visit(catalogue: Catalogue, above: Catalogue[]): void {
    const chain = [...above, catalogue];
    this.catalogues.push(catalogue);
    this.byFile.set(catalogue.file, catalogue);
    this.chains.set(catalogue.file, chain);
    for (const app of catalogue.apps.values()) {
      if (app.nested) this.visit(app.nested, chain);
    }
  }

  /** The catalogue loaded from `file`. */
  catalogue(file: string): Catalogue | undefined {
    return this.byFile.get(file);
  }

  /** Catalogues from the root down to the one in `file`. */
  chain(file: string): Catalogue[] {
    return this.chains.get(file) ?? [];
  }

  /** The app a derived role belongs to. */
  appOf(role: DerivedRole): App | undefined {
    return this.byFile.get(role.catalogueFile)?.apps.get(role.app);
  }

  /** Position of `pointer` in the catalogue of `file`. */
  position(file: string, pointer: string): SourcePosition | undefined {
    const catalogue = this.byFile.get(file);
    return catalogue ? positionOf(catalogue, pointer) : undefined;
  }

  /** Where a role's grant is written: the permanent grant, else its temporary grant. */
  grantPosition(role: DerivedRole): SourcePosition | undefined {
    const app = this.appOf(role);
    const permanent = app?.grants.get(role.environment)?.has(role.identity);
    if (!permanent) {
      const grant = app?.temporary.find(
        (item) => item.environment === role.environment && item.identity === role.identity,
      );
      if (grant) return this.position(role.catalogueFile, grant.pointer);
    }
    return this.position(
      role.catalogueFile,
      pointerOf('apps', role.app, 'grants', role.environment, role.identity),
    );
  }

  /** Where a role's identity is declared. */
  identityPosition(role: DerivedRole): SourcePosition | undefined {
    return this.position(
      role.catalogueFile,
      pointerOf('apps', role.app, 'identities', role.identity),
    );
  }

  /** The capability's policy as a site whose positions point into the catalogue. */
  capabilitySite(
    catalogue: Catalogue,
    capability: Capability,
    subject: FindingSubject,
  ): PolicySite {
    return {
      document: capability.policy,
      locate: (pointer) => this.capabilityPosition(catalogue, capability, pointer),
      subject,
      label: `capability "${capability.name}"`,
    };
  }

  /**
   * Position of a pointer inside a capability's policy: in the catalogue, or in the
   * file named by `policyFile` (the loader keeps that file's positions); without
   * them, the finding points at the `policyFile` line.
   */
  capabilityPosition(
    catalogue: Catalogue,
    capability: Capability,
    pointer: string,
  ): SourcePosition | undefined {
    if (capability.policySource === catalogue.file) {
      return positionOf(catalogue, `${capability.policyPointer}${pointer}`);
    }
    const positions = capability.policyPositions;
    for (let current = `${capability.policyPointer}${pointer}`; positions; ) {
      const found = positions.get(current);
      if (found) return found;
      if (current === '') break;
      current = current.slice(0, current.lastIndexOf('/'));
    }
    return positionOf(catalogue, pointerOf('capabilities', capability.name, 'policyFile'));
  }

  /** The inline policies of a role as sites located at their capabilities. */
  roleSites(role: DerivedRole): PolicySite[] {
    const catalogue = this.byFile.get(role.catalogueFile);
    return role.inlinePolicies.map((inline) => {
      const capability = catalogue?.capabilities.get(inline.capability);
      const subject: FindingSubject = {
        app: role.app,
        environment: role.environment,
        identity: role.identity,
        capability: inline.capability,
        role: role.name,
      };
      return {
        document: inline.document,
        locate: (pointer: string) =>
          catalogue && capability
            ? this.capabilityPosition(catalogue, capability, pointer)
            : undefined,
        subject,
        label: `capability "${inline.capability}"`,
      };
    });
  }
}
