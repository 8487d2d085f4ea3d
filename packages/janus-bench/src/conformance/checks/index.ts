import type { ConformanceCheck } from '../types';
import { healthCheck, modelsCheck } from './endpoint-checks';
import { errorAsContentCheck } from './error-as-content-check';
import {
  badJsonCheck,
  emptyMessagesCheck,
  wrongTypesCheck,
} from './invalid-request-checks';
import {
  agentStreamCheck,
  artifactsCheck,
  janusEventsCheck,
} from './sandy-checks';
import {
  nonStreamCheck,
  reasoningOrderCheck,
  streamFramingCheck,
  streamUsageCheck,
} from './stream-checks';
import { abortCheck, silenceGapCheck } from './timing-checks';

/**
 * Every conformance check, in run order. Cheap shape checks first, then the
 * memoised simple and agent streams, then the abort check (last: it measures
 * `in_flight`, so nothing else may run beside it).
 *
 * @internal
 */
export const conformanceChecks: readonly ConformanceCheck[] = [
  healthCheck,
  modelsCheck,
  streamFramingCheck,
  streamUsageCheck,
  nonStreamCheck,
  agentStreamCheck,
  janusEventsCheck,
  reasoningOrderCheck,
  artifactsCheck,
  silenceGapCheck,
  emptyMessagesCheck,
  badJsonCheck,
  wrongTypesCheck,
  errorAsContentCheck,
  abortCheck,
];
