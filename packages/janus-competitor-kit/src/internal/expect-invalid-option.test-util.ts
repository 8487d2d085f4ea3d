import { JanusError } from '@janus/protocol';
import { expect } from 'vitest';

/**
 * Asserts that `create` throws a `JanusError` with code `invalid_request`
 * whose message matches `message` (how the kit refuses a bad option).
 */
export function expectInvalidOption(
  create: () => unknown,
  message: string | RegExp,
): void {
  let caught: unknown;
  try {
    create();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(Error);
  expect((caught as Error).message).toMatch(message);
  expect(JanusError.isInstance(caught) && caught.code).toBe('invalid_request');
}
