/**
 * The bench's proxies as child processes, and what Linux says about their CPU
 * and the machine's steal time (`/proc`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The machine's CPU time so far: every field of /proc/stat's `cpu` line, in ticks. */
export function machineTicks(): number[] {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  return line.trim().split(/\s+/).slice(1).map(Number);
}

/** Steal time between two {@link machineTicks} readings, % of all CPU time. */
export function stealPercent(before: number[], after: number[]): number {
  const sum = (ticks: number[]) => ticks.reduce((a, b) => a + b, 0);
  const total = sum(after) - sum(before);
  // Field 8 (index 7): steal, time the hypervisor ran other guests.
  return total > 0 ? ((after[7]! - before[7]!) / total) * 100 : 0;
}

/** User + system CPU time of a process so far, in ms (Linux /proc). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // utime and stime are fields 14 and 15 (11 and 12 after "pid (name) "),
  // in clock ticks of 1/100 s (CLK_TCK on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Starts `bench/<script>` (plain Node, no loader, `nodeArgs` before the
 * script) and waits for its port (the `{"port":…}` line on stdout). Every
 * other stdout line (a V8 trace, say) goes to `onLine`.
 */
export async function startProxyProcess(
  script: string,
  competitorUrl: string,
  options: { nodeArgs?: string[]; onLine?: (line: string) => void } = {},
): Promise<{ child: ChildProcess; port: number }> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), path, competitorUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let found = false;
    // Read to the end, so a chatty child never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', line => {
      const match = found ? null : /^\{"port":(\d+)\}$/.exec(line);
      if (match) {
        found = true;
        resolve(Number(match[1]));
      } else options.onLine?.(line);
    });
    child.once('exit', code => reject(new Error(`${script} exited (${code})`)));
  });
  return { child, port };
}
