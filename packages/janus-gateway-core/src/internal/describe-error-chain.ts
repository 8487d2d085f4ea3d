/**
 * An error's message followed by its causes' (at most four in all), joined
 * with `: `, e.g. `fetch failed: connect ECONNREFUSED 10.0.0.7:8001`. The
 * outer message alone ("fetch failed") rarely says what went wrong. An
 * `AggregateError` without a message (Node's happy-eyeballs connect) names
 * its first error instead.
 *
 * @internal
 */
export function describeErrorChain(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    let message = current.message;
    if (message === '' && current instanceof AggregateError) {
      const first: unknown = current.errors[0];
      message = first instanceof Error ? first.message : '';
    }
    if (message !== '') messages.push(message);
    current = current.cause;
  }
  return messages.length === 0 ? error.name : messages.join(': ');
}
