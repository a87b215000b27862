/** IAM's documented quotas and character rules that compile enforces. */

/** Role names: at most 64 characters. */
export const IAM_ROLE_NAME_MAX = 64;
/** Characters IAM allows in a role name. */
export const IAM_ROLE_NAME_PATTERN = /^[\w+=,.@-]+$/;
/** Role paths: at most 512 characters. */
export const IAM_PATH_MAX = 512;
/** Sum of a role's inline policies, whitespace not counted. */
export const IAM_INLINE_POLICIES_MAX_CHARS = 10_240;
/** Share of an IAM limit above which compile warns before the limit refuses. */
export const IAM_LIMIT_WARNING_SHARE = 0.9;
/** Trust policy length, whitespace not counted (the default quota; it can be raised to 8,192). */
export const IAM_TRUST_POLICY_MAX_CHARS = 2048;
/** Tags per role. */
export const IAM_TAGS_MAX = 50;
export const IAM_TAG_KEY_MAX = 128;
export const IAM_TAG_VALUE_MAX = 256;
/** Characters IAM allows in tag keys and values. */
export const IAM_TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Role descriptions: at most 1,000 characters. */
export const IAM_DESCRIPTION_MAX = 1000;

/** Length of a policy as IAM counts it toward its quotas: whitespace is not counted. */
export function iamPolicyLength(document: unknown): number {
  return JSON.stringify(document).replace(/\s+/g, '').length;
}
