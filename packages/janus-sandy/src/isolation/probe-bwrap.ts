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

/** `bwrap --version` (e.g. `bubblewrap 0.6.1`), or `undefined` when it says nothing. */
function bwrapVersion(bwrapPath: string): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile(
      bwrapPath,
      ['--version'],
      { cwd: '/', env: {}, timeout: 10_000 },
      (error, stdout) =>
        resolve(error ? undefined : stdout.trim().split('\n')[0] || undefined),
    );
  });
}

/** The start error for a failed probe: too old a bubblewrap, or no namespaces. */
async function probeError(
  bwrapPath: string,
  failure: string,
): Promise<JanusError> {
  // bubblewrap < 0.8 stops at the first option it lacks: "Unknown option --disable-userns".
  if (/unknown option.*--disable-userns/i.test(failure)) {
    const version = await bwrapVersion(bwrapPath);
    return new JanusError({
      message:
        `bubblewrap >= 0.8.0 is required (the first with --disable-userns); found ` +
        `${version ?? 'an older version'} at ${bwrapPath} (${failure}). Install a newer ` +
        'bubblewrap or point --bwrap (bwrapPath) at one.',
      code: 'internal_error',
    });
  }
  return new JanusError({
    message:
      `bubblewrap cannot create the sandbox namespaces on this host: ${failure}. ` +
      'Check that user namespaces are enabled (sysctl user.max_user_namespaces > 0; on Ubuntu 24.04 ' +
      'kernel.apparmor_restrict_unprivileged_userns=0 or an AppArmor profile for bwrap).',
    code: 'internal_error',
  });
}

/**
 * Checks at start that bubblewrap can create the sandbox namespaces, first as
 * the per-sandbox uid (an unprivileged user namespace) and otherwise as the
 * service's own uid. Returns whether per-sandbox uids work; throws a clear
 * error when bubblewrap cannot isolate at all (for example user namespaces
 * disabled, or AppArmor restricting them) or is older than 0.8.0.
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
  if (failure !== null) throw await probeError(options.bwrapPath, failure);
  return { perSandboxUid: false };
}
