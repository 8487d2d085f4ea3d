/**
 * A chat request that the contract says must be rejected: a 4xx with an
 * OpenAI error body (or, once a stream began, a final error event), never an
 * answer.
 */
export interface InvalidRequest {
  /** Memo key: each is sent once per run, whichever check reads it first. */
  key: string;
  /** How failure reasons name it. */
  label: string;
  /** The raw request body, for the run's `model`. */
  body(model: string): string;
}

/** `messages: []`, streaming requested. */
export const EMPTY_MESSAGES_STREAM: InvalidRequest = {
  key: 'empty-messages-stream',
  label: 'messages: [] with stream: true',
  body: model => JSON.stringify({ model, messages: [], stream: true }),
};

/** `messages: []`, not streamed. */
export const EMPTY_MESSAGES: InvalidRequest = {
  key: 'empty-messages',
  label: 'messages: [] with stream: false',
  body: model => JSON.stringify({ model, messages: [], stream: false }),
};

/** A body that is not JSON (cut off). */
export const MALFORMED_JSON: InvalidRequest = {
  key: 'malformed-json',
  label: 'a malformed JSON body',
  body: () => '{"model": "x", "messages": [',
};

/** Fields of the wrong type (`stream: "yes"` is truthy to a careless reader). */
export const WRONG_TYPES: InvalidRequest = {
  key: 'wrong-types',
  label: 'messages: "hello", stream: "yes"',
  body: model => JSON.stringify({ model, messages: 'hello', stream: 'yes' }),
};

/**
 * Every invalid request the suite sends, in the order `error-as-content`
 * reports them.
 *
 * @internal
 */
export const INVALID_REQUESTS: readonly InvalidRequest[] = [
  EMPTY_MESSAGES_STREAM,
  EMPTY_MESSAGES,
  MALFORMED_JSON,
  WRONG_TYPES,
];
