/** Names at most `shown` values and says how many more there are, for one-line messages. */
export function sampleList(values: readonly string[], shown = 6): string {
  if (values.length <= shown) return values.join(', ');
  return `${values.slice(0, shown).join(', ')} and ${values.length - shown} more`;
}
