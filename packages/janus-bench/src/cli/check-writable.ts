import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './cli-io';

/**
 * Checks before a run that `--out`/`--html` can be written: the path is not
 * a directory, and an existing file or else its directory is writable. A
 * bad path is then a usage error, not a surprise after a long run.
 *
 * @throws UsageError naming the flag, the path and the reason.
 */
export async function checkWritable(options: {
  flag: string;
  path: string;
}): Promise<void> {
  const { flag, path } = options;
  const fail = (reason: string) =>
    new UsageError(`${flag} ${path}: cannot write there (${reason})`);
  const target = resolve(path);
  const info = await stat(target).catch(() => null);
  if (info?.isDirectory()) throw fail('is a directory');
  if (info) {
    await access(target, constants.W_OK).catch(() => {
      throw fail('file is not writable');
    });
    return;
  }
  const directory = dirname(target);
  const parent = await stat(directory).catch(() => null);
  if (!parent?.isDirectory())
    throw fail(`directory ${directory} does not exist`);
  await access(directory, constants.W_OK).catch(() => {
    throw fail(`directory ${directory} is not writable`);
  });
}
