import { execFile } from 'node:child_process';
import { JanusError } from '@janus/protocol';

const probeArgs = [
  '--unshare-all',
  '--unshare-user',
  '--disable-userns',
  '--die-with-parent',
  '--new-session',
  '--ro-bind',
  '/',
  '/',
  '--proc',
  '/proc',
  '--dev',
  '/dev',
  '--',
  '/bin/true',
];

/** Runs bubblewrap once with the namespaces the service needs; resolves to stderr on failure, `null` on success. */
function tryBwrap(options: {
  bwrapPath: string;
  uid?: number;
}): Promise<string | null> {
  return new Promise(resolve => {
    execFile(
      options.bwrapPath,
      probeArgs,
      {
        uid: options.uid,
        gid: options.uid,
        cwd: '/',
        env: {},
        timeout: 10_000,
      },
      (error, _stdout, stderr) => {
        if (!error) return resolve(null);
        const reason =
          stderr.trim() || `exit code ${error.code ?? error.signal}`;
        resolve(reason.split('\n')[0] ?? reason);
      },
    );
  });
}

/**
 * Checks at start that bubblewrap can create the sandbox namespaces, first as
 * the per-sandbox uid (an unprivileged user namespace) and otherwise as the
 * service's own uid. Returns whether per-sandbox uids work; throws a clear
 * error when bubblewrap cannot isolate at all (for example user namespaces
 * disabled, or AppArmor restricting them).
 */
export async function probeBwrap(options: {
  bwrapPath: string;
  uid?: number;
  onUidFallback: (reason: string) => void;
}): Promise<{ perSandboxUid: boolean }> {
  if (options.uid !== undefined) {
    const failure = await tryBwrap({
      bwrapPath: options.bwrapPath,
      uid: options.uid,
    });
    if (failure === null) return { perSandboxUid: true };
    options.onUidFallback(failure);
  }
  const failure = await tryBwrap({ bwrapPath: options.bwrapPath });
  if (failure !== null)
    throw new JanusError({
      message:
        `bubblewrap cannot create the sandbox namespaces on this host: ${failure}. ` +
        'Check that user namespaces are enabled (sysctl user.max_user_namespaces > 0; on Ubuntu 24.04 ' +
        'kernel.apparmor_restrict_unprivileged_userns=0 or an AppArmor profile for bwrap).',
      code: 'internal_error',
    });
  return { perSandboxUid: false };
}
