import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';

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
 * systems, become the same symlink), a minimal `/etc`, never `/root`,
 * `/home`, `/var`, `/run`, `/opt` or the service's working directory.
 */
export function buildSystemBinds(): string[] {
  const args: string[] = [];
  for (const path of systemDirectories) {
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(path);
    } catch {
      continue;
    }
    if (stats.isSymbolicLink())
      args.push('--symlink', readlinkSync(path), path);
    else if (stats.isDirectory()) args.push('--ro-bind', path, path);
  }
  args.push('--dir', '/etc');
  for (const entry of etcEntries) {
    const path = `/etc/${entry}`;
    if (!existsSync(path)) continue;
    if (entry.includes('/'))
      args.push('--dir', path.slice(0, path.lastIndexOf('/')));
    args.push('--ro-bind', path, path);
  }
  for (const entry of safeReaddir('/etc'))
    if (/^python3(\.\d+)?$/.test(entry))
      args.push('--ro-bind', `/etc/${entry}`, `/etc/${entry}`);
  return args;
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
