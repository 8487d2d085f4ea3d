import { createSeededRandom, shuffle } from '../internal/seeded-random';
import type { BenchTask } from './task-schema';

/** Options of {@link sampleTasks}. */
export interface SampleTasksOptions {
  tasks: readonly BenchTask[];
  /**
   * `K` (a number, or a string like `"5"`): at most K tasks per category;
   * `"P%"`: `ceil(n * P / 100)` tasks per category (at least one).
   * Omitted: every task.
   */
  subset?: number | string;
  /** Seed of the per-category shuffle (default 42). */
  seed?: string | number;
}

/**
 * Picks a reproducible subset: tasks are grouped by category, each group is
 * shuffled with a generator seeded by `"<seed>:<category>"` (adding a
 * category never changes another category's pick), then cut; the result is
 * sorted by id.
 *
 * @throws RangeError for a malformed `subset`.
 */
export function sampleTasks(options: SampleTasksOptions): BenchTask[] {
  const { tasks, subset, seed = 42 } = options;
  if (subset === undefined) return [...tasks];
  const pick = parseSubset(subset);
  const groups = new Map<string, BenchTask[]>();
  for (const task of tasks) {
    const group = groups.get(task.category) ?? [];
    group.push(task);
    groups.set(task.category, group);
  }
  const picked: BenchTask[] = [];
  for (const [category, group] of groups) {
    const count =
      pick.kind === 'count'
        ? Math.min(pick.value, group.length)
        : Math.max(1, Math.ceil((group.length * pick.value) / 100));
    const shuffled = shuffle(
      [...group].sort((a, b) => a.id.localeCompare(b.id)),
      createSeededRandom(`${seed}:${category}`),
    );
    picked.push(...shuffled.slice(0, count));
  }
  return picked.sort((a, b) => a.id.localeCompare(b.id));
}

function parseSubset(subset: number | string): {
  kind: 'count' | 'percent';
  value: number;
} {
  const text = String(subset).trim();
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text);
  const valid = percent
    ? value > 0 && value <= 100
    : Number.isInteger(value) && value > 0;
  if (!valid)
    throw new RangeError(
      `Invalid subset "${subset}": use K (> 0) or P% (0 < P <= 100)`,
    );
  return { kind: percent ? 'percent' : 'count', value };
}
