import { z } from 'zod/v4';

/**
 * The OpenAI error body, `{ error: { message, type, param, code } }`. Janus
 * returns it with the HTTP status before a stream starts, and as one final
 * `data:` event after a stream has begun.
 */
export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    /** Human-readable message. */
    message: z.string(),
    /** OpenAI error type, e.g. `invalid_request_error`. */
    type: z.string().nullish(),
    /** The request field at fault, if any. */
    param: z.string().nullish(),
    /** Machine-readable code (a string; some providers send numbers). */
    code: z.union([z.string(), z.number()]).nullish(),
  }),
});
/** The OpenAI error body. */
export type ErrorBody = {
  error: {
    message: string;
    type: string;
    param: string | null;
    code: string | null;
  };
};
/** An error body as received (tolerant). */
export type ReceivedErrorBody = z.infer<typeof errorBodySchema>;
