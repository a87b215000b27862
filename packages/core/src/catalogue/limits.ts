/** Largest catalogue or policy file aoa-iam reads: 8 MiB holds about 8,000 apps. */
export const MAX_CATALOGUE_BYTES = 8 * 1024 * 1024;
/** Deepest nesting of maps and lists in one file; a real catalogue needs about 10. */
export const MAX_YAML_DEPTH = 64;
/** Most alias dereferences in one file; caps the "billion laughs" expansion. */
export const MAX_YAML_ALIASES = 100;
/** Deepest chain of nested catalogues (parent → child → grandchild …). */
export const MAX_NESTING_DEPTH = 8;
/** IAM's MaxSessionDuration range, in seconds (1 hour to 12 hours). */
export const IAM_MIN_SESSION_SECONDS = 3600;
export const IAM_MAX_SESSION_SECONDS = 43_200;
/** Defaults for an environment that does not set them. */
export const DEFAULT_MAX_SESSION_SECONDS = 3600;
export const DEFAULT_MAX_GRANT_SECONDS = 7 * 24 * 3600;
