// @aoa-iam/aws: the live-account side of aoa-iam. Functions return data and never print;
// they log through the Logger a caller passes.

export type { AdoptOptions, AdoptResult } from './adopt/adopt-role.js';
export { adoptRole } from './adopt/adopt-role.js';
export type { ApplySummary, RoleOutcome } from './apply/apply-plan.js';
export { DEFAULT_CONCURRENCY } from './apply/apply-plan.js';
export type { AuditOptions } from './audit/audit-environment.js';
export { auditEnvironment, DEFAULT_UNUSED_DAYS } from './audit/audit-environment.js';
export type {
  AssumptionRow,
  AuditFailure,
  AuditReport,
  DriftEntry,
  FailedAssumptionRow,
} from './audit/audit-model.js';
export { auditFails } from './audit/audit-model.js';
export { canonicalPolicy, decodePolicyText, samePolicy } from './compare/canonical-policy.js';
export type { AwsClients, AwsConnection } from './connection/clients.js';
export { createAwsClients } from './connection/clients.js';
export { AccountMismatchError, verifyAccount } from './connection/verify-account.js';
export type { EnvironmentTarget, TargetResult } from './environment-target.js';
export { environmentTarget, loadEnvironmentTarget } from './environment-target.js';
export type { LiveRole } from './live/live-role.js';
export type { OwnershipScope } from './live/ownership.js';
export { isOwned } from './live/ownership.js';
export type { Logger } from './logger.js';
export { silentLogger } from './logger.js';
export type { ApplyOptions, AwsRunOptions } from './operations.js';
export { applyEnvironment, planEnvironment } from './operations.js';
export { RULE_NOT_OWNED } from './plan/build-plan.js';
export type { Difference, DifferenceField, Plan, RoleChange, Step } from './plan/plan-model.js';
export { planHasChanges } from './plan/plan-model.js';
export { renderApplySummary } from './report/render-apply.js';
export type { AuditFormat } from './report/render-audit.js';
export { renderAudit } from './report/render-audit.js';
export { renderPlanJson, renderPlanText } from './report/render-plan.js';
export { REVOCATION_POLICY, TAG_REVOKED_GRANTS } from './revoke/revocation.js';
export type { RevokeOptions, RevokeResult } from './revoke/revoke-sessions.js';
export { revokeSessions } from './revoke/revoke-sessions.js';
