import { errorBodySchema, safeParseJsonWith } from '@janus/protocol';

/**
 * Set by the UI server on its own `503` when it could not reach
 * `GATEWAY_URL`, so the browser can tell that answer from one of the
 * gateway's.
 */
export const gatewayUnreachableHeader = 'x-chat-ui-gateway-unreachable';

/** Why the UI could not get the gateway's health or competitor list. */
export type GatewayProblem =
  /** The browser's `fetch` of the UI's own route failed: offline, or the chat UI server is down. */
  | { kind: 'ui-server-unreachable'; detail: string }
  /** The chat UI server answered, but could not reach the gateway. */
  | { kind: 'gateway-unreachable'; detail: string }
  /** The gateway refused the UI server's key (`GATEWAY_API_KEY`): HTTP 401 or 403. */
  | { kind: 'key-refused'; status: number; detail: string }
  /** Any other answer than the one the protocol describes. */
  | { kind: 'bad-answer'; status: number; detail: string };

/**
 * Classifies a non-2xx answer of `/api/health` or `/api/models`.
 *
 * @param options.response - The answer (its body already read).
 * @param options.text - Its body.
 */
export function problemFromResponse(options: {
  response: Response;
  text: string;
}): GatewayProblem {
  const { response, text } = options;
  const parsed = safeParseJsonWith({ text, schema: errorBodySchema });
  const detail = parsed.success
    ? parsed.value.error.message
    : `HTTP ${response.status}`;
  if (response.headers.has(gatewayUnreachableHeader))
    return { kind: 'gateway-unreachable', detail };
  if (response.status === 401 || response.status === 403)
    return { kind: 'key-refused', status: response.status, detail };
  return { kind: 'bad-answer', status: response.status, detail };
}

/** A {@link GatewayProblem} in words, for the places that show it. */
export interface GatewayProblemWords {
  /** The status line. */
  status: string;
  /** Completes "Sending is unavailable: …". */
  reason: string;
  /** Each competitor of the picker says this instead of its last known health. */
  picker: string;
}

/**
 * Words for a {@link GatewayProblem}: "cannot reach the chat UI server" (the
 * browser's request failed) is never confused with "the UI server cannot
 * reach the gateway" (the server answered for it), nor a refused key with an
 * empty competitor list.
 */
export function describeGatewayProblem(
  problem: GatewayProblem,
): GatewayProblemWords {
  switch (problem.kind) {
    case 'ui-server-unreachable':
      return {
        status:
          "Chat UI server unreachable (offline, or the server is down); the gateway's state is unknown",
        reason:
          'the browser cannot reach the chat UI server (offline, or the server is down).',
        picker: 'no connection',
      };
    case 'gateway-unreachable':
      return {
        status: 'Gateway unreachable (the chat UI server cannot reach it)',
        reason:
          'the chat UI server cannot reach the gateway, so there is no competitor to send to.',
        picker: 'unreachable',
      };
    case 'key-refused':
      return {
        status: `The gateway refused the UI's API key (GATEWAY_API_KEY): HTTP ${problem.status}`,
        reason: `the gateway refused the UI's API key (GATEWAY_API_KEY, HTTP ${problem.status}: ${problem.detail}).`,
        picker: 'key refused',
      };
    case 'bad-answer':
      return {
        status: `Unexpected answer from the gateway (HTTP ${problem.status}): ${problem.detail}`,
        reason: `the gateway answered HTTP ${problem.status} (${problem.detail}).`,
        picker: `HTTP ${problem.status}`,
      };
  }
}
