import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestManager } from '../internal/test-manager';

const secret = `sekrit-${process.pid}-${Date.now()}`;
const rootSecretDirectory = '/root/.janus-sandy-test';
const { manager, rootDirectory } = createTestManager();
let sandboxId: string;
let hostServer: Server;
let hostPort: number;

beforeAll(async () => {
  // A secret in the service's own environment and in root's home directory.
  process.env.JANUS_SANDY_TEST_SECRET = secret;
  mkdirSync(rootSecretDirectory, { recursive: true });
  writeFileSync(`${rootSecretDirectory}/secret.txt`, secret);
  hostServer = createServer(socket => socket.end('host-service\n'));
  await new Promise<void>(resolve =>
    hostServer.listen(0, '127.0.0.1', resolve),
  );
  hostPort = (hostServer.address() as AddressInfo).port;
  sandboxId = (await manager.create()).sandboxId;
});

afterAll(async () => {
  delete process.env.JANUS_SANDY_TEST_SECRET;
  rmSync(rootSecretDirectory, { recursive: true, force: true });
  hostServer.close();
  await manager.close();
  rmSync(rootDirectory, { recursive: true, force: true });
});

const run = (command: string) =>
  manager.exec(sandboxId, { command, timeoutMs: 20_000 });

// Generous: these spawn real sandboxes on shared 2-core machines.
describe('SandboxManager isolation', { timeout: 60_000 }, () => {
  it("should not expose the service environment, /proc/1/environ or root's files", async () => {
    const result = await run(
      `env; cat /proc/1/environ /proc/*/environ 2>/dev/null | tr '\\0' '\\n'; cat ${rootSecretDirectory}/secret.txt; ls /root /home; grep -rs ${secret} /etc /usr/local 2>/dev/null | head -1`,
    );
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stderr).toMatch(/No such file or directory/);
    expect(result.stdout).toContain('HOME=/workspace');
    expect(result.stdout).not.toMatch(/^JANUS_SANDY_TEST_SECRET=/m);
  });

  it("should not show the service's working directory or host paths", async () => {
    const result = await run(
      `ls ${process.cwd()} 2>&1; cat /proc/1/environ /proc/1/cmdline | tr '\\0' '\\n'`,
    );
    expect(result.stdout).toMatch(/No such file or directory/);
    // bwrap's policy (with the host storage paths) arrives through a pipe.
    expect(result.stdout).toContain('--args');
    expect(result.stdout).not.toContain(rootDirectory);
  });

  it('should refuse connections to a server on the host loopback', async () => {
    const result = await run(
      `python3 -c "import socket; socket.create_connection(('127.0.0.1', ${hostPort}), timeout=3); print('CONNECTED')"`,
    );
    expect(result.stdout).not.toContain('CONNECTED');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(
      /ConnectionRefused|Network is unreachable|timed out/,
    );
  });

  it('should have no route to the outside world', async () => {
    const result = await run(
      `python3 -c "import socket; socket.create_connection(('1.1.1.1', 80), timeout=3); print('CONNECTED')"; cat /proc/net/dev | grep -v lo: | tail -n +3`,
    );
    expect(result.stdout).not.toContain('CONNECTED');
    expect(result.stderr).toMatch(/unreachable|timed out/i);
  });

  it('should allow loopback networking inside the sandbox', async () => {
    const result = await run(
      `python3 -c "
import socket
server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen()
client = socket.create_connection(server.getsockname()); peer, _ = server.accept()
client.sendall(b'inside'); print(peer.recv(16).decode())"`,
    );
    expect(result.stdout.trim()).toBe('inside');
  });

  it('should mount system directories read-only and hide the rest of the host', async () => {
    const result = await run(
      'touch /usr/janus 2>&1; touch /etc/janus 2>&1; ls / | tr "\\n" " "; test -e /etc/shadow && echo SHADOW',
    );
    expect(result.stdout).toMatch(
      /touch: cannot touch '\/usr\/janus': Read-only file system/,
    );
    expect(result.stdout).toMatch(/touch: cannot touch '\/etc\/janus'/);
    expect(result.stdout).not.toContain('SHADOW');
    expect(result.stdout).not.toMatch(/\b(root|home|work|var|opt)\b/);
  });

  it('should run in its own PID, UTS and user namespaces without a way to nest one', async () => {
    const result = await run(
      'ls /proc | grep -cE "^[0-9]+$"; hostname; unshare -U true 2>&1 && echo NESTED; cat /proc/self/uid_map',
    );
    const [processCount, hostname] = result.stdout.split('\n');
    expect(Number(processCount)).toBeLessThan(8);
    expect(hostname).toBe('sandbox');
    expect(result.stdout).not.toContain('NESTED');
  });

  it.skipIf(process.arch !== 'x64')(
    'should deny ptrace, io_uring, bpf and keyrings with the seccomp filter',
    async () => {
      const probe = `python3 -c "
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
for name, nr in [('ptrace', 101), ('io_uring_setup', 425), ('bpf', 321), ('keyctl', 250), ('getpid', 39)]:
    result = libc.syscall(nr, 0, 0, 0, 0)
    print(name, 'EPERM' if result < 0 and ctypes.get_errno() == 1 else 'allowed')"`;
      const filtered = await run(probe);
      expect(filtered.stdout).toBe(
        'ptrace EPERM\nio_uring_setup EPERM\nbpf EPERM\nkeyctl EPERM\ngetpid allowed\n',
      );
      // Without the filter ptrace(PTRACE_TRACEME) succeeds: the filter is what denies it.
      const { manager: unfiltered, rootDirectory: unfilteredRoot } =
        createTestManager({ seccomp: 'off', warmPoolSize: 0 });
      try {
        const sandbox = await unfiltered.create();
        const result = await unfiltered.exec(sandbox.sandboxId, {
          command: probe,
        });
        expect(result.stdout).toContain('ptrace allowed');
      } finally {
        await unfiltered.close();
        rmSync(unfilteredRoot, { recursive: true, force: true });
      }
    },
  );

  it('should run commands as a non-root user when the service is root', async () => {
    const stats = await manager.stats();
    const result = await run('id -u');
    if (stats.perSandboxUid)
      expect(Number(result.stdout)).toBeGreaterThanOrEqual(2_000_000);
    else expect(result.stdout.trim()).toBe(String(process.getuid?.()));
  });

  it('should give each sandbox a private /tmp and /workspace', async () => {
    const other = await manager.create();
    await run(
      `echo mine > /tmp/private-${secret} && echo mine > /workspace/private-${secret}`,
    );
    const peek = await manager.exec(other.sandboxId, {
      command: `cat /tmp/private-${secret} /workspace/private-${secret}`,
    });
    expect(peek.exitCode).not.toBe(0);
    expect(readdirSync('/tmp')).not.toContain(`private-${secret}`);
    await manager.terminate(other.sandboxId);
  });

  it('should remove the workspace from the host on terminate', async () => {
    const sandbox = await manager.create();
    const marker = `marker-${secret}`;
    const written = await manager.exec(sandbox.sandboxId, {
      command: `echo data > ${marker} && cat ${marker}`,
    });
    expect(written.stdout).toBe('data\n');
    const instance = join(rootDirectory, readdirSync(rootDirectory)[0]!);
    const holder = readdirSync(instance).find(name =>
      existsSync(join(instance, name, 'workspace', marker)),
    );
    expect(holder).toBeDefined();
    await manager.terminate(sandbox.sandboxId);
    expect(readdirSync(instance)).not.toContain(holder);
    expect(mountedBelow(instance)).not.toContain(join(instance, holder!));
  });
});

/** Mount points below `directory`, from /proc/self/mountinfo. */
function mountedBelow(directory: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map(line => line.split(' ')[4] ?? '')
    .filter(point => point.startsWith(`${directory}/`));
}
