import { loadSuite } from './load-suite';
import { PUBLIC_SUITES } from './public-suites';

/** A shipped suite and its size. */
export interface SuiteSummary {
  name: string;
  tasks: number;
  /** Task count per category. */
  categories: Record<string, number>;
}

/** The shipped suites with task counts per category. */
export async function listSuites(): Promise<SuiteSummary[]> {
  const summaries: SuiteSummary[] = [];
  for (const name of PUBLIC_SUITES) {
    const tasks = await loadSuite({ suite: name });
    const categories: Record<string, number> = {};
    for (const task of tasks)
      categories[task.category] = (categories[task.category] ?? 0) + 1;
    summaries.push({ name, tasks: tasks.length, categories });
  }
  return summaries;
}
