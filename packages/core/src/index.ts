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
export { readBoundedFile } from './catalogue/read-bounded.js';
export { CatalogueIndex } from './checks/catalogue-index.js';
export type { ManifestText } from './checks/credentials.js';
export { checkHardCodedCredentials } from './checks/credentials.js';
export { EXPIRY_WARNING_DAYS } from './checks/expiry.js';
export { lintPolicy } from './checks/lint-policy.js';
export {
  NAPKIN_MAX_CAPABILITIES,
  NAPKIN_MAX_SERVICES,
  NAPKIN_MAX_STATEMENTS,
} from './checks/napkin.js';
export type { PolicySite } from './checks/policy-site.js';
export type { Rule } from './checks/rules.js';
export { RULES } from './checks/rules.js';
export { sortFindings } from './checks/sort-findings.js';
export { checkTrustConditions } from './checks/trust-conditions.js';
export type { CheckOptions, ValidateOptions, ValidateResult } from './checks/validate.js';
export { checkCatalogue, validateCatalogue } from './checks/validate.js';
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
export { causeChain } from './errors/cause-chain.js';
export { renderNapkinMermaid } from './explain/mermaid.js';
export type { NapkinCapability, NapkinEntry, NapkinView } from './explain/napkin-view.js';
export { napkinView, renderNapkinText } from './explain/napkin-view.js';
export type {
  AccessAnswer,
  AccessHolder,
  AccessQuestion,
  GrantingStatement,
} from './explain/who-can.js';
export { renderWhoCanText, whoCan } from './explain/who-can.js';
export type { Finding, FindingSubject, Severity, SourcePosition } from './findings/finding.js';
export { formatPosition, hasBlockingFindings } from './findings/finding.js';
export { highestAccessLevel, isWriteLevel } from './policy/access-level.js';
export { actionMatches, actionPatternContains } from './policy/action-pattern.js';
export {
  AWS_PARTITIONS,
  parseArn,
  resourceMatches,
  resourcePatternContains,
  resourcePatternsIntersect,
} from './policy/arn.js';
export type {
  ConditionBlock,
  PolicyDocument,
  PolicyStatement,
  Principal,
} from './policy/document.js';
export { POLICY_VERSION } from './policy/document.js';
// Policy checks, review, reports and explain (issue 4).
export type { AccessLevel, ActionInfo, ResourceTypeInfo } from './policy/iam-data.js';
export { ACCESS_LEVELS, IamData, sharedIamData } from './policy/iam-data.js';
export { normalisePolicy, normaliseStatement } from './policy/normalise.js';
export type { PlaceholderValues } from './policy/placeholders.js';
export { placeholdersIn, substitutePlaceholders } from './policy/placeholders.js';
export type { AccessDecision, LocatedStatement } from './policy/statement-match.js';
export { decideAccess } from './policy/statement-match.js';
export type { DocumentSpan } from './render/document-spans.js';
export { scanDocumentSpans } from './render/document-spans.js';
export {
  CATALOGUE_FILE_NAME,
  CataloguePathError,
  findCatalogue,
  resolveCataloguePath,
} from './render/find-catalogue.js';
export type { RenderLimits } from './render/limits.js';
export { DEFAULT_RENDER_LIMITS } from './render/limits.js';
export type {
  CollectedManifests,
  CollectOptions,
  ManifestRenderer,
} from './render/manifest-sources.js';
export { collectManifests, ManifestSourceError } from './render/manifest-sources.js';
export type { IrsaExtras } from './render/object-context.js';
export {
  AUDIENCE_ANNOTATION,
  GRANTED_ROLES_ANNOTATION,
  irsaExtraAnnotations,
  ROLE_ARN_ANNOTATION,
  STS_REGIONAL_ANNOTATION,
  TOKEN_EXPIRATION_ANNOTATION,
} from './render/object-context.js';
export {
  ARGOCD_PLUGIN_NAME,
  ARGOCD_PLUGIN_VERSION,
  argocdPluginReference,
} from './render/plugin-name.js';
export type {
  ManifestInput,
  RenderMode,
  RenderOptions,
  RenderResult,
  RenderStats,
} from './render/render.js';
export { renderManifests } from './render/render.js';
export type { RenderAppRequest, RenderAppResult } from './render/render-app.js';
export { renderApp } from './render/render-app.js';
export { formatRenderFinding } from './render/render-report.js';
export type { RenderScope, ServiceAccountGrant } from './render/render-scope.js';
export { buildRenderScope, RenderScopeError } from './render/render-scope.js';
export type { JsonReport } from './report/json.js';
export { JSON_REPORT_VERSION, renderFindingsJson } from './report/json.js';
export { renderReviewText } from './report/review-text.js';
export type { SarifOptions } from './report/sarif.js';
export { findingFingerprint, renderSarif } from './report/sarif.js';
export type { FindingSummary } from './report/summary.js';
export { summarise, summaryLine } from './report/summary.js';
export { renderFindingsText } from './report/text.js';
export type { ApprovalDecision, ApprovalEvidence, ApprovalRule } from './review/approval.js';
export {
  decideApproval,
  parseApprovalRule,
  readApprovalRule,
  undeclaredRuleEnvironments,
} from './review/approval.js';
export type { BaseRoles } from './review/base-revision.js';
export { gitRevisionReader, loadBaseRoles, reviewAgainst } from './review/base-revision.js';
export type {
  IncreaseKind,
  PrivilegeIncrease,
  ReviewOptions,
  ReviewResult,
  RoleChange,
} from './review/review.js';
export { reviewChange } from './review/review.js';
export { reviewFindings } from './review/review-findings.js';
export { containsSecret, MASK, maskSecrets, registerSecrets } from './secrets/mask.js';
