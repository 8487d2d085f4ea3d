import { writeFile } from 'node:fs/promises';
import { type CliIo, writeLine } from './cli-io';

/**
 * Writes one output file of a report (`--out`, `--html`) after the report
 * was printed. Never throws: a failed write is one message on stderr that
 * names the flag and path, says the printed report is complete, and makes
 * the command exit 1.
 *
 * @param options.flag - the flag that named the file, e.g. `--html`.
 * @param options.label - printed as `<label>: <path>` after a write (not with `--json`).
 * @param options.json - whether stdout carries the JSON report (no extra lines there).
 * @returns whether the file was written.
 */
export async function writeOutputFile(options: {
  flag: string;
  label: string;
  path: string;
  render: () => string;
  json: boolean;
  io: CliIo;
}): Promise<boolean> {
  const { flag, label, path, json, io } = options;
  try {
    await writeFile(path, options.render());
    if (!json) writeLine(io.stdout, `${label}: ${path}`);
    return true;
  } catch (error) {
    // Node's message ends with ", open '<path>'": the path is named once, here.
    const reason = (error as Error).message.replace(/, \w+ '[^']*'$/, '');
    writeLine(
      io.stderr,
      `janus-bench: ${flag}: cannot write ${path} (${reason}); the report ${json ? 'on stdout' : 'above'} is complete`,
    );
    return false;
  }
}
