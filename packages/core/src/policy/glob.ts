/**
 * IAM's wildcard language, shared by actions and resources: `*` matches any run of
 * characters (including none), `?` exactly one, everything else itself, and the
 * whole value must match. Matching, containment and overlap all live here so every
 * check (least privilege, ceilings, escalation, explain) agrees on one meaning.
 */

const compiled = new Map<string, RegExp>();

/** Compiles a wildcard pattern once; `ignoreCase` for action names, never for ARNs. */
function toRegExp(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let found = compiled.get(key);
  if (!found) {
    const body = pattern
      .split('')
      .map((char) => {
        if (char === '*') return '.*';
        if (char === '?') return '.';
        return char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
      })
      .join('');
    found = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    compiled.set(key, found);
  }
  return found;
}

/** True when `value` (a concrete name) matches the wildcard `pattern`. */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  return toRegExp(pattern, ignoreCase).test(value);
}

/** True when the pattern holds a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

function same(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * True when every value `inner` matches is also matched by `outer`. Wildcards in
 * `inner` count as the sets they stand for: an inner `*` lies only within an outer
 * `*`, an inner `?` within an outer `?` or `*`. Sound (never says yes wrongly).
 */
export function globContains(outer: string, inner: string, ignoreCase = false): boolean {
  if (outer === '*') return true;
  const n = outer.length;
  const m = inner.length;
  // reach[j] after processing outer[0..i): inner[0..j) can be covered.
  let reach = new Uint8Array(m + 1);
  reach[0] = 1;
  for (let i = 0; i < n; i++) {
    const o = outer[i]!;
    const next = new Uint8Array(m + 1);
    for (let j = 0; j <= m; j++) {
      if (!reach[j]) continue;
      if (o === '*') {
        // An outer `*` absorbs any run of inner tokens, wildcards included.
        for (let k = j; k <= m; k++) next[k] = 1;
        break;
      }
      if (j === m) continue;
      const c = inner[j]!;
      if (o === '?' ? c !== '*' : c !== '*' && c !== '?' && same(o, c, ignoreCase)) next[j + 1] = 1;
    }
    reach = next;
  }
  return reach[m] === 1;
}

/** True when some concrete value matches both patterns. */
export function globsIntersect(a: string, b: string, ignoreCase = false): boolean {
  if (a === '*' || b === '*') return true;
  const n = a.length;
  const m = b.length;
  const memo = new Int8Array((n + 1) * (m + 1));
  const visit = (i: number, j: number): boolean => {
    const slot = i * (m + 1) + j;
    if (memo[slot] !== 0) return memo[slot] === 1;
    let result: boolean;
    if (i === n && j === m) result = true;
    else if (i < n && a[i] === '*') result = visit(i + 1, j) || (j < m && visit(i, j + 1));
    else if (j < m && b[j] === '*') result = visit(i, j + 1) || (i < n && visit(i + 1, j));
    else if (i === n || j === m) result = false;
    else {
      const x = a[i]!;
      const y = b[j]!;
      result = (x === '?' || y === '?' || same(x, y, ignoreCase)) && visit(i + 1, j + 1);
    }
    memo[slot] = result ? 1 : -1;
    return result;
  };
  return visit(0, 0);
}
