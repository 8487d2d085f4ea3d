import { JanusError } from '@janus/protocol';

/** The hint printed when bubblewrap is not installed. */
export const BWRAP_INSTALL_HINT =
  'bubblewrap (bwrap) was not found. Install it: Debian/Ubuntu `sudo apt-get install bubblewrap`, ' +
  'Fedora `sudo dnf install bubblewrap`, Arch `sudo pacman -S bubblewrap`, Alpine `apk add bubblewrap`. ' +
  'For local development only, `--isolation none` runs commands without any isolation.';

/**
 * Raised at start when `isolation: 'bwrap'` is asked for and no `bwrap`
 * executable exists: the service refuses to run commands unisolated.
 */
export function createBwrapMissingError(path: string): JanusError {
  return new JanusError({
    message: `${BWRAP_INSTALL_HINT} (looked for '${path}')`,
    code: 'internal_error',
  });
}
