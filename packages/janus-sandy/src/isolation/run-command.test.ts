import { describe, expect, it } from 'vitest';
import { runCommand } from './run-command';

describe('runCommand', () => {
  it('should resolve with 127 and the reason, not reject, when the launcher cannot start', async () => {
    // One argument above MAX_ARG_STRLEN (128 KiB): spawn throws E2BIG.
    const result = await runCommand({
      launch: {
        file: '/bin/sh',
        args: ['-c', `true ${'x'.repeat(200_000)}`],
        cwd: '/',
        env: {},
        extraFds: [],
        maskedFds: null,
      },
      timeoutMs: 10_000,
      outputBytes: 1000,
    });
    expect(result).toMatchObject({
      exitCode: 127,
      stdout: '',
      stderr: 'janus-sandy: could not start the command: spawn E2BIG\n',
      timedOut: false,
    });
  });
});
