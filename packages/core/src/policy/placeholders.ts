import { CATALOGUE_PLACEHOLDERS, type CataloguePlaceholder } from '../catalogue/model.js';

/**
 * `${name}` where the name has no colon is a catalogue placeholder. Names with a
 * colon (`${aws:username}`, `${aws:PrincipalTag/team}`) and IAM's escapes
 * (`${*}`, `${?}`, `${$}`) are IAM policy variables and pass through untouched.
 */
const PLACEHOLDER = /\$\{([^}:*?$]+)\}/g;

/** Values for one derived role. A missing value means "not applicable to this identity". */
export type PlaceholderValues = Partial<Record<CataloguePlaceholder, string>>;

/** Every catalogue placeholder name used in `text`, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
}

/** True when `name` is one of {@link CATALOGUE_PLACEHOLDERS}. */
export function isKnownPlaceholder(name: string): name is CataloguePlaceholder {
  return (CATALOGUE_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Replaces catalogue placeholders in every string of `value` (deeply), keys
 * included, since IAM condition keys can hold them. Returns the names that
 * had no value, so the caller can report them.
 */
export function substitutePlaceholders<T>(
  value: T,
  values: PlaceholderValues,
): { value: T; missing: string[] } {
  const missing = new Set<string>();
  const replace = (text: string): string =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      const replacement = isKnownPlaceholder(name) ? values[name] : undefined;
      if (replacement === undefined) {
        missing.add(name);
        return whole;
      }
      return replacement;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return replace(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => [replace(key), walk(item)]),
      );
    }
    return node;
  };
  return { value: walk(value) as T, missing: [...missing] };
}
