export {
  answerUnservedMethod,
  methodNotAllowedError,
  toHeadResponse,
} from './answer-methods';
export type { ByteRange } from './parse-byte-range';
export { parseByteRange } from './parse-byte-range';
