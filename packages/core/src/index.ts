// The engine's public surface. Adapters (CLI, actions, plugin) import only from here.

export type { Finding, FindingSubject, Severity, SourcePosition } from './findings/finding.js';
export { formatPosition, hasBlockingFindings } from './findings/finding.js';

export type {
  App,
  Capability,
  Catalogue,
  Environment,
  Exception,
  GitHubIdentity,
  Identity,
  IdentitySpec,
  LoadResult,
  OidcIdentity,
  Provider,
  ProviderType,
  ServiceAccountIdentity,
  TemporaryGrant,
} from './catalogue/model.js';
export { CATALOGUE_PLACEHOLDERS, CATALOGUE_VERSION, positionOf } from './catalogue/model.js';

export type {
  ConditionBlock,
  PolicyDocument,
  PolicyStatement,
  Principal,
} from './policy/document.js';
export { POLICY_VERSION } from './policy/document.js';

export type { DerivedRole, InlinePolicy, TrustedSubject } from './compile/role.js';
export {
  MANAGED_BY_VALUE,
  TAG_APP,
  TAG_ENVIRONMENT,
  TAG_EXPIRES,
  TAG_IDENTITY,
  TAG_MANAGED_BY,
  TAG_PARENT,
  TAG_REVISION,
} from './compile/role.js';

export { containsSecret, MASK, maskSecrets } from './secrets/mask.js';
