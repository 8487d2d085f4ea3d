import { execFile } from 'node:child_process';
import {
  chmod,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { isProcessAlive } from './is-process-alive';

const run = promisify(execFile);

/** `<pid>-<6 hex>`: the name of a manager's instance directory. */
const instanceName = /^(\d+)-[0-9a-f]{6}$/;

/**
 * Makes `directory` ready to hold this manager's instance directory, and
 * removes the instance directories of managers whose process died.
 *
 * Only what it creates gets a mode (0711, so sandbox uids can traverse to
 * their own storage). An existing directory may be shared (`--root-dir
 * /tmp`) and is never changed: when sandbox uids are used and cannot
 * traverse it or a parent, this rejects and says so.
 */
export async function prepareRootDirectory(options: {
  directory: string;
  /** Sandboxes run as their own uids, which must traverse to their storage. */
  sandboxUids: boolean;
}): Promise<void> {
  const directory = resolve(options.directory);
  const created = await mkdir(directory, { recursive: true, mode: 0o711 });
  if (created !== undefined) {
    // `mode` is cut by the umask (0700 under umask 077): set it again on
    // every directory made here, and only on those.
    const top = resolve(created);
    for (
      let path = directory;
      path === top || path.startsWith(`${top}/`);
      path = dirname(path)
    )
      await chmod(path, 0o711);
  }
  if (options.sandboxUids) await assertTraversable(directory);
  await removeStaleInstances(directory);
}

/** Rejects unless others (sandbox uids) may search `directory` and every parent. */
async function assertTraversable(directory: string): Promise<void> {
  for (let path = await realpath(directory); ; path = dirname(path)) {
    const { mode } = await stat(path);
    if ((mode & 0o001) === 0)
      throw new Error(
        `rootDirectory '${directory}' cannot be used: sandbox uids cannot traverse ${path} ` +
          `(mode ${(mode & 0o777).toString(8)}). Let others search it (chmod o+x ${path}), or ` +
          'name a directory that does not exist yet (janus-sandy creates it with mode 0711)',
      );
    if (path === dirname(path)) return;
  }
}

/**
 * Cleans up after managers whose process died (tmpfs mounts left mounted,
 * files). Anything else in the root may belong to someone else, so only
 * real directories named `<pid>-<hex>`, owned by this user, whose
 * `owner.pid` names that same dead process, are removed.
 */
async function removeStaleInstances(rootDirectory: string): Promise<void> {
  const uid = process.getuid?.();
  for (const name of await readdir(rootDirectory).catch(() => [] as string[])) {
    const pid = instanceName.exec(name)?.[1];
    if (pid === undefined || isProcessAlive(Number(pid))) continue;
    const directory = join(rootDirectory, name);
    const stats = await lstat(directory).catch(() => null);
    if (!stats?.isDirectory() || (uid !== undefined && stats.uid !== uid))
      continue;
    const owner = await readFile(join(directory, 'owner.pid'), 'utf8').catch(
      () => '',
    );
    if (owner.trim() !== pid) continue;
    const children = await readdir(directory, { withFileTypes: true }).catch(
      () => [],
    );
    // Sandbox storage may still be mounted there; a link is never followed.
    for (const child of children)
      if (child.isDirectory())
        await run('umount', ['-l', join(directory, child.name)]).catch(
          () => {},
        );
    await rm(directory, { recursive: true, force: true }).catch(() => {});
  }
}
