/**
 * The Janus conformance check: a black-box contract suite any miner can run
 * against their competitor (or a gateway), from `janus-bench conformance` or
 * from their own tests.
 */

export { formatConformanceReport } from './format-conformance-report';
export { runConformance } from './run-conformance';
export {
  type ConformanceCheckJson,
  type ConformanceJson,
  toConformanceJson,
} from './to-conformance-json';
export type {
  ConformanceCheckResult,
  ConformanceReport,
  RunConformanceOptions,
} from './types';
