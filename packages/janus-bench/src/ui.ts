/**
 * @janus/bench/ui: the bench's live terminal view as an ink component, for
 * embedding a run in your own ink app; drive it with `benchViewReducer` and
 * `initialBenchViewState` from `@janus/bench`. ESM only in practice: ink has
 * a top-level await, so load it with `import`, not `require()`.
 */

export { BenchView } from './cli/ui/bench-view';
