/**
 * A count with its noun, singular for one: `1 task`, `7 tasks`, `0 tasks`.
 *
 * @example plural(1, 'competitor') // '1 competitor'
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
