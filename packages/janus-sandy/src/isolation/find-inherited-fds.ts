import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A descriptor this process holds without close-on-exec. */
export interface InheritedFd {
  fd: number;
  /** What it refers to (`readlink /proc/self/fd/N`), for the log. */
  target: string;
}

/** `O_CLOEXEC` as `/proc/<pid>/fdinfo` reports it in `flags:` (octal). */
const closeOnExec = 0o2000000;

/**
 * Descriptors ≥ 3 of this process without close-on-exec, found through
 * `/proc/self/fd` and `/proc/self/fdinfo/<n>`. Node and libuv open
 * everything close-on-exec, so these were inherited from whoever started
 * the service (`200</some/file` in a launching shell, a supervisor's pipe),
 * and every child would inherit them too, bubblewrap included (it passes
 * descriptors through to the sandboxed command).
 */
export function findInheritedFds(): InheritedFd[] {
  const found: InheritedFd[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (!Number.isInteger(fd) || fd < 3) continue;
    try {
      const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
      const flags = /^flags:\s*([0-7]+)$/m.exec(info)?.[1];
      if (
        flags === undefined ||
        (Number.parseInt(flags, 8) & closeOnExec) !== 0
      )
        continue;
      found.push({ fd, target: readlinkSync(`/proc/self/fd/${fd}`) });
    } catch {
      // Closed meanwhile (the directory listing's own descriptor, say).
    }
  }
  return found;
}
