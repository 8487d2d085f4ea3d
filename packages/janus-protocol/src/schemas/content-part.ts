import { z } from 'zod/v4';

/** A text content part. */
export const textContentPartSchema = z.looseObject({
  type: z.literal('text'),
  /** The text. */
  text: z.string(),
});
/** A text content part. */
export type TextContentPart = z.infer<typeof textContentPartSchema>;

/** An image content part: an `http(s):` URL or a `data:image/…;base64,` URL. */
export const imageContentPartSchema = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    /** `https://…` or `data:image/png;base64,…`. */
    url: z.string().min(1),
    /** Resolution hint; OpenAI's values are `auto`, `low`, `high`. */
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
/** An image content part. */
export type ImageContentPart = z.infer<typeof imageContentPartSchema>;

/**
 * A file content part. Accepts OpenAI's shape (`file_data` as a data URL or
 * base64, `file_id`, `filename`) and the original Janus shape (`name`,
 * `mime_type`, `content`, `size`); at least one way to get the bytes is needed.
 */
export const fileContentPartSchema = z.looseObject({
  type: z.literal('file'),
  file: z
    .looseObject({
      /** OpenAI: base64 data or a `data:` URL. */
      file_data: z.string().optional(),
      /** OpenAI: an uploaded file id. */
      file_id: z.string().optional(),
      /** OpenAI: the file name. */
      filename: z.string().optional(),
      /** Janus PoC: the file name. */
      name: z.string().optional(),
      /** Janus PoC: the MIME type. */
      mime_type: z.string().optional(),
      /** Janus PoC: the content (text or base64). */
      content: z.string().optional(),
      /** Janus PoC: size in bytes. */
      size: z.number().int().nonnegative().optional(),
    })
    .refine(
      file =>
        file.file_data !== undefined ||
        file.file_id !== undefined ||
        file.content !== undefined,
      { message: 'A file part needs file_data, file_id or content' },
    ),
});
/** A file content part. */
export type FileContentPart = z.infer<typeof fileContentPartSchema>;

/** An audio input content part (base64 audio with its format). */
export const audioContentPartSchema = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({
    /** Base64-encoded audio. */
    data: z.string(),
    /** Audio format, e.g. `wav` or `mp3`. */
    format: z.string(),
  }),
});
/** An audio input content part. */
export type AudioContentPart = z.infer<typeof audioContentPartSchema>;

/** A refusal part (assistant messages only). */
export const refusalContentPartSchema = z.looseObject({
  type: z.literal('refusal'),
  refusal: z.string(),
});

/** Any content part of a chat message. */
export const contentPartSchema = z.discriminatedUnion('type', [
  textContentPartSchema,
  imageContentPartSchema,
  fileContentPartSchema,
  audioContentPartSchema,
  refusalContentPartSchema,
]);
/** Any content part of a chat message. */
export type ContentPart = z.infer<typeof contentPartSchema>;
