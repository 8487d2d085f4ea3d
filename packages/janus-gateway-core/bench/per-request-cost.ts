/**
 * CPU per request: what one short stream costs the gateway process, against
 * the bare Node pipe (the floor) measured in the same run.
 *
 *   npm run bench:per-request -w @janus/gateway-core    (builds first, ~2 min)
 *
 * Each stream is one chunk (25 ms after the request), so the CPU is the
 * request's own work: reading and checking the body, routing, the upstream
 * request, the response head, one event, the end. The main bench's steady
 * scenarios measure the per-event side. `CONCURRENCY` (default 20) clients
 * open stream after stream for `ROUND_MS`; the proxies take rounds in turn,
 * `ROUNDS` (default 5) each, after the same warm-up as the main bench. CPU is
 * user + system time of the proxy process (`/proc`), divided by the streams
 * completed; rounds with 1% or more steal time are flagged. Garbage and GC
 * pause per stream come from the proxy's `--trace-gc-nvp` lines (`allocated`
 * since the previous GC, and `pause`, summed over the round's GCs), which
 * steal time hardly moves, unlike CPU time.
 */
import { loadavg } from 'node:os';
import { quantile } from './load-generator';
import {
  cpuMs,
  machineTicks,
  startProxyProcess,
  stealPercent,
} from './proxy-process';
import { runSteadyLoad } from './steady-load';
import { startSyntheticCompetitor } from './synthetic-competitor';

const CONCURRENCY = Number(process.env.CONCURRENCY ?? 20);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const ROUND_MS = 8_000;

/** Sums of the `--trace-gc-nvp` fields so far, per proxy. */
const gc = {
  gateway: { allocated: 0, pauseMs: 0 },
  bare: { allocated: 0, pauseMs: 0 },
};
const traced = (name: keyof typeof gc) => ({
  nodeArgs: ['--trace-gc-nvp'],
  onLine: (line: string) => {
    const allocated = /\ballocated=(\d+)/.exec(line);
    const pause = /\bpause=([\d.]+)/.exec(line);
    if (allocated) gc[name].allocated += Number(allocated[1]);
    if (pause) gc[name].pauseMs += Number(pause[1]);
  },
});
const competitor = await startSyntheticCompetitor();
const proxies = {
  gateway: await startProxyProcess(
    'gateway-process.mjs',
    competitor.url,
    traced('gateway'),
  ),
  bare: await startProxyProcess(
    'bare-proxy.mjs',
    competitor.url,
    traced('bare'),
  ),
};
type Name = keyof typeof proxies;
const urlOf = (name: Name) => `http://127.0.0.1:${proxies[name].port}`;

try {
  console.log(
    `# gateway CPU per request (${new Date().toISOString()}), node ${process.version}, load average ${loadavg()
      .map(value => value.toFixed(2))
      .join(' ')}`,
  );
  // As the main bench: 8 s of 0.5 s streams at 200 concurrent per proxy.
  for (const name of Object.keys(proxies) as Name[])
    await runSteadyLoad({
      url: urlOf(name),
      concurrency: 200,
      chunks: 20,
      paceMs: 25,
      durationMs: 8_000,
      warmupMs: 0,
      timeoutMs: 20_000,
    });
  const perStream: Record<Name, number[]> = { gateway: [], bare: [] };
  const garbage: Record<Name, number[]> = { gateway: [], bare: [] };
  const pauses: Record<Name, number[]> = { gateway: [], bare: [] };
  console.log(
    '| round | proxy | streams | CPU per stream (µs) | CPU (one core) | KB allocated per stream | GC pause per stream (µs) | steal |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate which goes first, so a slow minute does not favour one.
    const order: Name[] =
      round % 2 === 1 ? ['gateway', 'bare'] : ['bare', 'gateway'];
    for (const name of order) {
      const pid = proxies[name].child.pid!;
      const cpuBefore = cpuMs(pid);
      const gcBefore = { ...gc[name] };
      const ticksBefore = machineTicks();
      const startedAt = performance.now();
      const result = await runSteadyLoad({
        url: urlOf(name),
        concurrency: CONCURRENCY,
        chunks: 1,
        paceMs: 25,
        durationMs: ROUND_MS,
        warmupMs: 0,
        timeoutMs: 20_000,
      });
      const elapsedMs = performance.now() - startedAt;
      const cpu = cpuMs(pid) - cpuBefore;
      const steal = stealPercent(ticksBefore, machineTicks());
      const streams = result.measured - result.failed;
      if (result.failed > 0)
        throw new Error(
          `${name}: ${result.failed} streams failed: ${JSON.stringify(result.errors)}`,
        );
      const micros = (cpu * 1000) / streams;
      const kilobytes =
        (gc[name].allocated - gcBefore.allocated) / 1024 / streams;
      const pauseMicros =
        ((gc[name].pauseMs - gcBefore.pauseMs) * 1000) / streams;
      perStream[name].push(micros);
      garbage[name].push(kilobytes);
      pauses[name].push(pauseMicros);
      console.log(
        `| ${round} | ${name} | ${streams} | ${micros.toFixed(0)} | ${((cpu / elapsedMs) * 100).toFixed(0)}% | ${kilobytes.toFixed(1)} | ${pauseMicros.toFixed(0)} | ${steal.toFixed(1)}%${steal >= 1 ? ' (disturbed)' : ''} |`,
      );
    }
  }
  const median = (values: number[]) => quantile(values, 0.5);
  const gateway = median(perStream.gateway);
  const floor = median(perStream.bare);
  console.log(
    `\nmedian CPU per stream: gateway ${gateway.toFixed(0)} µs, bare pipe ${floor.toFixed(0)} µs (baseline): ${(gateway / floor).toFixed(2)}x, +${(gateway - floor).toFixed(0)} µs per request`,
  );
  const kbGateway = median(garbage.gateway);
  const kbFloor = median(garbage.bare);
  console.log(
    `median garbage per stream: gateway ${kbGateway.toFixed(1)} KB, bare pipe ${kbFloor.toFixed(1)} KB (baseline): ${(kbGateway / kbFloor).toFixed(2)}x; GC pause per stream ${median(pauses.gateway).toFixed(0)} µs against ${median(pauses.bare).toFixed(0)} µs`,
  );
} finally {
  for (const { child } of Object.values(proxies)) child.kill('SIGTERM');
  await competitor.close();
}
