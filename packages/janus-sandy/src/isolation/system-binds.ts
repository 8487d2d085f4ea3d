import { cp, lstat, mkdir, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Top-level system directories exposed read-only (or as the same symlink). */
const systemDirectories = [
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
];

/**
 * The parts of `/etc` a shell, Python or a compiler needs. Everything else
 * (shadow, ssh host keys, package-manager credentials, the host's hostname
 * and machine-id) stays hidden. `passwd`/`group` are generated instead.
 */
const etcEntries = [
  'alternatives',
  'bash.bashrc',
  'ca-certificates',
  'ca-certificates.conf',
  'debian_version',
  'fonts',
  'gai.conf',
  'host.conf',
  'inputrc',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'localtime',
  'lsb-release',
  'magic',
  'magic.mime',
  'mime.types',
  'nsswitch.conf',
  'os-release',
  'profile',
  'protocols',
  'services',
  'ssl/certs',
  'ssl/openssl.cnf',
  'timezone',
];

/**
 * bubblewrap arguments for the read-only system view, computed once from the
 * host: `/usr` and friends read-only (symlinked ones, as on merged-/usr
 * systems, become the same symlink), never `/root`, `/home`, `/var`, `/run`,
 * `/opt` or the service's working directory. `/etc` is `etcDirectory`, bound
 * read-only as a whole (one mount instead of dozens keeps startup fast).
 */
export async function buildSystemBinds(
  etcDirectory: string,
): Promise<string[]> {
  const args: string[] = [];
  for (const path of systemDirectories) {
    const stats = await lstat(path).catch(() => null);
    if (stats?.isSymbolicLink())
      args.push('--symlink', await readlink(path), path);
    else if (stats?.isDirectory()) args.push('--ro-bind', path, path);
  }
  args.push('--ro-bind', etcDirectory, '/etc');
  return args;
}

/**
 * Fills `etcDirectory` with copies of the allow-listed `/etc` entries (links
 * kept as links; unreadable entries skipped). Call once at start; the
 * generated `passwd`/`group` are written next to them by the caller.
 */
export async function prepareEtcDirectory(etcDirectory: string): Promise<void> {
  await mkdir(etcDirectory, { recursive: true, mode: 0o755 });
  const hostEntries = await readdir('/etc').catch(() => [] as string[]);
  const python = hostEntries.filter(entry => /^python3(\.\d+)?$/.test(entry));
  for (const entry of [...etcEntries, ...python]) {
    const source = join('/etc', entry);
    if ((await lstat(source).catch(() => null)) === null) continue;
    await cp(source, join(etcDirectory, entry), {
      recursive: true,
      verbatimSymlinks: true,
      force: true,
    }).catch(() => {});
  }
}
