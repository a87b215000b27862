// The engine's public surface. Adapters (CLI, actions, plugin) import only from here.

export { catalogueSchemaV1 } from './catalogue/catalogue-schema.js';
export { formatDuration, parseDuration } from './catalogue/duration.js';
export * as catalogueLimits from './catalogue/limits.js';
export type { LoadOptions } from './catalogue/load.js';
export { loadCatalogue } from './catalogue/load.js';
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
export type { CompileOptions, CompileResult } from './compile/compile.js';
export { catalogueTree, compileCatalogue } from './compile/compile.js';
export * as iamLimits from './compile/iam-limits.js';
export { iamPolicyLength } from './compile/iam-limits.js';
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
export { deriveRoleName, roleArn } from './compile/role-name.js';
export { githubSubject, POD_IDENTITY_PRINCIPAL, STS_AUDIENCE } from './compile/trust.js';
export type { Finding, FindingSubject, Severity, SourcePosition } from './findings/finding.js';
export { formatPosition, hasBlockingFindings } from './findings/finding.js';
export type {
  ConditionBlock,
  PolicyDocument,
  PolicyStatement,
  Principal,
} from './policy/document.js';
export { POLICY_VERSION } from './policy/document.js';
export { normalisePolicy, normaliseStatement } from './policy/normalise.js';
export type { PlaceholderValues } from './policy/placeholders.js';
export { placeholdersIn, substitutePlaceholders } from './policy/placeholders.js';
export { containsSecret, MASK, maskSecrets } from './secrets/mask.js';
