/**
 * @janus/bench: score OpenAI-compatible competitors (or a Janus gateway) on
 * quality, speed, cost, streaming and multimodal, with traceable scores,
 * peer-standard metrics and JSON/console/HTML reports. Node only.
 */

export type { CliIo } from './cli/cli-io';
export { runCli } from './cli/run-cli';
// The ink view is `@janus/bench/ui`: ink has a top-level await, and this
// entry must stay loadable with `require()`.
export {
  type BenchViewState,
  benchViewReducer,
  type CompetitorViewState,
  initialBenchViewState,
} from './cli/ui/bench-view-state';
export {
  type ConformanceCheckJson,
  type ConformanceCheckResult,
  type ConformanceJson,
  type ConformanceReport,
  formatConformanceReport,
  type RunConformanceOptions,
  runConformance,
  toConformanceJson,
} from './conformance/index';
export { listSuites, type SuiteSummary } from './datasets/list-suites';
export {
  type LoadSuiteOptions,
  loadSuite,
  parseJsonl,
} from './datasets/load-suite';
export { PUBLIC_SUITES } from './datasets/public-suites';
export { type SampleTasksOptions, sampleTasks } from './datasets/sample-tasks';
export {
  type BenchTask,
  benchTaskSchema,
  TASK_CATEGORIES,
  type TaskExpectation,
  taskExpectationSchema,
} from './datasets/task-schema';
export {
  type AggregateMetrics,
  aggregateMetrics,
  peakConcurrency,
} from './metrics/aggregate-metrics';
export { estimateTokens } from './metrics/estimate-tokens';
export type {
  ErrorKind,
  MeasuredToolCall,
  MeasuredUsage,
  RequestMeasurement,
} from './metrics/request-measurement';
export {
  type MetricSummary,
  PERCENTILE_METHOD,
  percentile,
  summarize,
} from './metrics/summarize';
export {
  type CompetitorComparison,
  compareReports,
  formatComparison,
} from './report/compare-reports';
export { formatReport } from './report/format-report';
export { parseBenchReport } from './report/parse-bench-report';
export { renderHtmlReport } from './report/render-html-report';
export {
  type BenchReport,
  benchReportSchema,
  type CompetitorResult,
  REPORT_SCHEMA_VERSION,
  type SavedBenchReport,
  savedBenchReportSchema,
  type TaskResult,
} from './report/report-schema';
export type { BenchEvent } from './runner/bench-event';
export {
  buildRequestBody,
  chatCompletionsUrl,
} from './runner/build-request-body';
export {
  detectErrorAsContent,
  type ErrorAsContentShape,
  markErrorAsContent,
} from './runner/detect-error-as-content';
export {
  type MeasureRequestOptions,
  measureRequest,
} from './runner/measure-request';
export { type RunBenchOptions, runBench } from './runner/run-bench';
export {
  arrivalOffsets,
  type ScheduleOptions,
  schedule,
} from './runner/schedule';
export {
  type CompositeScore,
  compositeScore,
  DEFAULT_WEIGHTS,
  type Weights,
} from './scoring/composite';
export { COST_DEFAULTS, costScore } from './scoring/cost-score';
export { hasMediaInput, multimodalScore } from './scoring/multimodal-score';
export { parseWeights } from './scoring/parse-weights';
export { jsonSchemaCheck } from './scoring/quality/json-schema-check';
export {
  createLlmJudge,
  type Judge,
  type JudgeVerdict,
  type LlmJudgeOptions,
} from './scoring/quality/llm-judge';
export {
  createQualityScorer,
  type QualityScorerOptions,
} from './scoring/quality/quality-scorer';
export {
  type CodeRunner,
  type CodeRunResult,
  createSandyCodeRunner,
  type SandyCodeRunnerOptions,
} from './scoring/quality/sandy-code-runner';
export {
  containsTerm,
  type QualityComponent,
  textChecks,
} from './scoring/quality/text-checks';
export { toolCallCheck } from './scoring/quality/tool-call-check';
export {
  DIMENSIONS,
  type Dimension,
  type ScoreContext,
  type ScoreDetail,
  type Scorer,
  targetScore,
} from './scoring/score-detail';
export { defaultScorers, type Scorers, scoreTask } from './scoring/score-task';
export { SPEED_DEFAULTS, speedScore } from './scoring/speed-score';
export {
  continuityScore,
  STALL_THRESHOLD_MS,
  streamingScore,
} from './scoring/streaming-score';
export { VERSION } from './version';
