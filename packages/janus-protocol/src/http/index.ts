export {
  answerUnservedMethod,
  methodNotAllowedError,
  toHeadResponse,
} from './answer-methods';
export type {
  EntityTag,
  EntityTagComparison,
} from './conditional-requests';
export {
  entityTagsMatch,
  ifNoneMatchHits,
  ifRangeAllows,
  parseEntityTag,
  parseEntityTagList,
} from './conditional-requests';
export type { ByteRange } from './parse-byte-range';
export { parseByteRange } from './parse-byte-range';
