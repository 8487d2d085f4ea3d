import type { AggregateMetrics } from '../metrics/aggregate-metrics';
import type { BenchReport } from '../report/report-schema';
import type { Dimension } from '../scoring/score-detail';

/**
 * Progress events of {@link runBench}, in order: `run-start`, per
 * competitor `warmup-end` (if warming up), `task-end` per task,
 * `competitor-end`; finally `run-end` with the report.
 */
export type BenchEvent =
  | {
      type: 'run-start';
      run_id: string;
      target: string;
      suite: string;
      competitors: string[];
      /** Measured tasks per competitor. */
      tasks: number;
    }
  | { type: 'warmup-end'; competitor: string; requests: number }
  | {
      type: 'task-end';
      competitor: string;
      task_id: string;
      category: string;
      ok: boolean;
      error: { kind: string; message: string } | null;
      ttft_ms: number | null;
      scores: Record<Dimension, number | null>;
      /** Tasks finished so far for this competitor. */
      completed: number;
      total: number;
    }
  | {
      type: 'competitor-end';
      competitor: string;
      composite: number;
      components: Record<Dimension, number | null>;
      metrics: AggregateMetrics;
    }
  | { type: 'run-end'; report: BenchReport };
