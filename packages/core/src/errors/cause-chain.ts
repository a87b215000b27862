/**
 * The messages of an error and of its `cause`s, outermost first, at most
 * `maxDepth` of them. Anything thrown that is not an Error ends the chain with
 * its string form. Callers join and mask the messages as their output needs.
 */
export function causeChain(error: unknown, maxDepth: number): string[] {
  const messages: string[] = [];
  let current: unknown = error;
  while (current !== undefined && messages.length < maxDepth) {
    if (current instanceof Error) {
      messages.push(current.message);
      current = current.cause;
    } else {
      messages.push(String(current));
      current = undefined;
    }
  }
  return messages;
}
