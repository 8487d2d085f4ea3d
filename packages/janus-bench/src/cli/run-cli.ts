import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version';
import { type CliIo, UsageError, writeLine } from './cli-io';
import { conformanceCommand } from './conformance-command';
import { compareCommand, listCommand, showCommand } from './report-commands';
import { runCommand } from './run-command';

const collect = (value: string, previous: string[] = []) => [
  ...previous,
  ...value.split(',').filter(Boolean),
];

/** Builds the commander program; each action reports its exit code through `setCode`. */
function createProgram(io: CliIo, setCode: (code: number) => void): Command {
  const program = new Command('janus-bench')
    .description(
      'Score OpenAI-compatible competitors (or a Janus gateway) on quality, speed, cost, streaming and multimodal.',
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
    });
  const target = () =>
    new Option(
      '-t, --target <url>',
      'gateway or competitor base URL (or $JANUS_BENCH_TARGET)',
    ).default(io.env.JANUS_BENCH_TARGET ?? 'http://127.0.0.1:8000');
  program
    .command('run')
    .description('run a suite and report scores and metrics')
    .addOption(target())
    .option(
      '-s, --suite <suite>',
      'public/dev, public/train, a path or an https:// URL',
      'public/dev',
    )
    .option(
      '-c, --competitor <id...>',
      'competitor id(s), sent as model and competitor_id (repeatable; several give a leaderboard)',
      collect,
    )
    .option(
      '-m, --model <model>',
      'model when no competitor is given (default "janus")',
    )
    .option('--concurrency <n>', 'closed-loop concurrent requests (default 1)')
    .option('--rate <r>', 'open-loop requests per second')
    .option('--arrival <kind>', 'poisson | constant (with --rate)')
    .option('--subset <k|p%>', 'K tasks per category, or P% of each')
    .option('--seed <seed>', 'seed for subsets and arrivals', '42')
    .option('--timeout <ms>', 'per-request time limit in ms (default 300000)')
    .option('--warmup <n>', 'requests sent first and excluded from metrics')
    .option('--max-tokens <n>', 'max_tokens for tasks that set none')
    .option('-o, --out <file>', 'write the JSON report')
    .option('--html <file>', 'write the self-contained HTML report')
    .option('--json', 'print the JSON report on stdout (progress on stderr)')
    .option('--api-key <key>', 'bearer token (or JANUS_BENCH_API_KEY)')
    .option(
      '--weights <spec>',
      'composite weights, e.g. q=40,s=20,c=15,st=15,m=10',
    )
    .option('--sandy-url <url>', 'execute code tasks in this Sandy')
    .option('--sandy-api-key <key>', 'Sandy bearer token (or SANDY_API_KEY)')
    .option('--judge-url <url>', 'OpenAI-compatible base URL of an LLM judge')
    .option('--judge-model <model>', 'judge model')
    .option(
      '--judge-api-key <key>',
      'judge bearer token (or JANUS_BENCH_JUDGE_API_KEY)',
    )
    .option(
      '--max-failure-rate <r>',
      'exit 1 when a competitor fails more than this share (0–1; default: only when it failed every request)',
    )
    .action(async flags => setCode(await runCommand(flags, io)));
  program
    .command('list')
    .description('list the shipped suites and their task counts')
    .option('--json', 'JSON output')
    .action(async flags => setCode(await listCommand(flags, io)));
  program
    .command('show <report>')
    .description('print a saved JSON report')
    .option('--json', 'print the validated JSON')
    .option('--html <file>', 'also write the HTML report')
    .action(async (path, flags) => setCode(await showCommand(path, flags, io)));
  program
    .command('compare <a> <b>')
    .description('compare two saved reports side by side (delta = b - a)')
    .option('--json', 'JSON output')
    .action(async (a, b, flags) =>
      setCode(await compareCommand(a, b, flags, io)),
    );
  program
    .command('conformance')
    .description(
      'check a competitor or gateway against the Janus wire contract',
    )
    .addOption(target())
    .option('--api-key <key>', 'bearer token (or JANUS_BENCH_API_KEY)')
    .option(
      '-m, --model <model>',
      'model for chat requests (default: first of /v1/models)',
    )
    .option('--timeout <ms>', 'per-request timeout in ms')
    .option('--json', 'JSON output')
    .action(async flags => setCode(await conformanceCommand(flags, io)));
  return program;
}

/**
 * Runs the `janus-bench` CLI and resolves with its exit code (0 success,
 * 1 failure, 2 usage error). Never calls `process.exit`: the bin sets the
 * exit code, in one place.
 *
 * @param options.argv - arguments after the program name.
 */
export async function runCli(options: {
  argv: string[];
  io?: Partial<CliIo>;
}): Promise<number> {
  const io: CliIo = {
    stdout: options.io?.stdout ?? process.stdout,
    stderr: options.io?.stderr ?? process.stderr,
    isTTY: options.io?.isTTY ?? Boolean(process.stdout.isTTY),
    env: options.io?.env ?? process.env,
    fetch: options.io?.fetch,
    interrupt: options.io?.interrupt,
  };
  let code = 0;
  const program = createProgram(io, value => (code = value));
  try {
    await program.parseAsync(options.argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof RangeError) {
      writeLine(io.stderr, `janus-bench: ${error.message}`);
      return 2;
    }
    writeLine(
      io.stderr,
      `janus-bench: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}
