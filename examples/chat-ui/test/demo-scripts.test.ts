// @vitest-environment node
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { llmConfigFromEnv } from '@janus/competitor-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { startComponent } from '../../../scripts/demo-process.mjs';
import {
  componentLlmEnv,
  detectLlm,
  findBubblewrap,
  hasBubblewrap,
  isBuildUpToDate,
} from '../../../scripts/demo-stack.mjs';

// The demo scripts' environment decisions (which LLM, where bwrap is, whether
// the build is stale) and stopping a component whose leader already died.

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'janus-demo-scripts-'));
  temps.push(dir);
  return dir;
}

/** Whether a process runs (a zombie waiting for its reaper does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('detectLlm', () => {
  // Every combination of the variables llmConfigFromEnv reads.
  const values = {
    JANUS_LLM_BASE_URL: [undefined, '', 'http://llm.test/v1/'],
    JANUS_LLM_MODEL: [undefined, '', 'janus-scripted', 'some-model'],
    CHUTES_API_KEY: [undefined, 'chutes-key'],
    OPENAI_API_KEY: [undefined, 'sk-test'],
  };
  const envs: Array<Record<string, string | undefined>> = [{}];
  for (const [name, options] of Object.entries(values)) {
    const next = envs
      .splice(0)
      .flatMap(env => options.map(value => ({ ...env, [name]: value })));
    envs.push(...next);
  }

  it.each(envs.map(env => [JSON.stringify(env), env] as const))(
    'should decide as llmConfigFromEnv does for %s',
    (_, env) => {
      let config: ReturnType<typeof llmConfigFromEnv>;
      try {
        config = llmConfigFromEnv(env);
      } catch (error) {
        // A base URL without a model: the demo refuses it as the competitors do.
        expect(() => detectLlm(env)).toThrow((error as Error).message);
        return;
      }
      const llm = detectLlm(env);
      expect({ mode: llm.mode, baseUrl: llm.baseUrl }).toEqual({
        mode: config.mode,
        baseUrl: config.baseURL,
      });
      expect(llm.description.startsWith('a real LLM')).toBe(
        config.mode === 'real',
      );
    },
  );

  it('should refuse a base URL without a model, and call a lone model no LLM', () => {
    expect(() =>
      detectLlm({ JANUS_LLM_BASE_URL: 'http://llm.test/v1' }),
    ).toThrow('JANUS_LLM_MODEL is not');
    expect(
      detectLlm({ JANUS_LLM_BASE_URL: 'https://api.openai.com/v1' }).mode,
    ).toBe('real');
    expect(detectLlm({ JANUS_LLM_MODEL: 'gpt-4o' })).toEqual({
      mode: 'scripted',
      description: expect.stringContaining('the scripted model'),
    });
  });
});

describe('componentLlmEnv', () => {
  it('should make every component agree the scripted model the demo starts is scripted', () => {
    const userEnv = { JANUS_LLM_MODEL: 'gpt-4o', JANUS_SANDY_LLM_MODEL: 'x' };
    const llm = detectLlm(userEnv);
    const env = {
      ...userEnv,
      ...componentLlmEnv(llm, 'http://127.0.0.1:8100/v1', userEnv),
    };
    expect(llmConfigFromEnv(env)).toMatchObject({
      mode: 'scripted',
      baseURL: 'http://127.0.0.1:8100/v1',
      model: 'janus-scripted',
    });
    expect(env).toMatchObject({
      JANUS_SANDY_LLM_BASE_URL: 'http://127.0.0.1:8100/v1',
      JANUS_SANDY_LLM_MODEL: 'janus-scripted',
    });
  });

  it('should leave a configured upstream to the components', () => {
    const userEnv = { OPENAI_API_KEY: 'sk-1', JANUS_LLM_MODEL: 'm' };
    expect(
      componentLlmEnv(detectLlm(userEnv), 'http://127.0.0.1:8100/v1', userEnv),
    ).toEqual({
      JANUS_SANDY_LLM_BASE_URL: 'https://api.openai.com/v1',
      JANUS_SANDY_LLM_API_KEY: 'sk-1',
      JANUS_SANDY_LLM_MODEL: 'm',
    });
  });
});

describe('findBubblewrap', () => {
  function directoryWithBwrap(mode: number): string {
    const dir = tempDir();
    writeFileSync(join(dir, 'bwrap'), '#!/bin/sh\n');
    chmodSync(join(dir, 'bwrap'), mode);
    return dir;
  }

  it('should find the first executable bwrap on PATH, before the fallbacks', () => {
    const notExecutable = directoryWithBwrap(0o644);
    const installed = directoryWithBwrap(0o755);
    const empty = tempDir();
    const PATH = [empty, notExecutable, installed].join(delimiter);
    expect(findBubblewrap({ PATH }, [])).toBe(join(installed, 'bwrap'));
    // Also when the system directories have one.
    expect(findBubblewrap({ PATH })).toBe(join(installed, 'bwrap'));
    expect(hasBubblewrap({ PATH })).toBe(true);
  });

  it('should fall back to the system directories and report none when there is none', () => {
    const installed = directoryWithBwrap(0o755);
    const notExecutable = directoryWithBwrap(0o644);
    expect(findBubblewrap({ PATH: '' }, [installed])).toBe(
      join(installed, 'bwrap'),
    );
    expect(findBubblewrap({}, [installed])).toBe(join(installed, 'bwrap'));
    expect(findBubblewrap({ PATH: notExecutable }, [tempDir()])).toBeNull();
  });
});

describe('isBuildUpToDate', () => {
  const built = new Date('2024-01-02T00:00:00Z');
  const source = new Date('2024-01-01T00:00:00Z');
  const later = new Date('2024-01-03T00:00:00Z');

  /** A workspace root: a tsup package and a Next.js app, built after their sources. */
  function workspace(): string {
    const root = tempDir();
    const files: Record<string, Date> = {
      'package.json': source,
      'tsconfig.base.json': source,
      'packages/lib/package.json': source,
      'packages/lib/src/index.ts': source,
      'packages/lib/tsup.config.ts': source,
      'packages/lib/tsconfig.json': source,
      'packages/lib/tsconfig.build.json': source,
      'packages/lib/README.md': source,
      'packages/lib/dist/index.js': built,
      'examples/app/package.json': source,
      'examples/app/app/page.tsx': source,
      'examples/app/next.config.ts': source,
      'examples/app/tsconfig.json': source,
      'examples/app/.next/BUILD_ID': built,
    };
    for (const [path, time] of Object.entries(files)) {
      const file = join(root, path);
      mkdirSync(dirname(file), { recursive: true });
      const manifest = path === 'package.json';
      writeFileSync(
        file,
        manifest
          ? JSON.stringify({ workspaces: ['packages/*', 'examples/app'] })
          : path.endsWith('/package.json')
            ? JSON.stringify({ scripts: { build: 'build' } })
            : '',
      );
      utimesSync(file, time, time);
    }
    return root;
  }

  it('should count the build config files as sources', () => {
    for (const config of [
      'packages/lib/tsup.config.ts',
      'packages/lib/tsconfig.build.json',
      'packages/lib/tsconfig.json',
      'examples/app/next.config.ts',
      'examples/app/tsconfig.json',
      'tsconfig.base.json',
    ]) {
      const root = workspace();
      expect(isBuildUpToDate(root)).toBe(true);
      utimesSync(join(root, config), later, later);
      expect({ config, upToDate: isBuildUpToDate(root) }).toEqual({
        config,
        upToDate: false,
      });
    }
  });

  it('should still ignore files that do not affect the build', () => {
    const root = workspace();
    utimesSync(join(root, 'packages/lib/README.md'), later, later);
    expect(isBuildUpToDate(root)).toBe(true);
    utimesSync(join(root, 'packages/lib/src/index.ts'), later, later);
    expect(isBuildUpToDate(root)).toBe(false);
  });
});

describe('startComponent stop', () => {
  it('should stop what a leader that already exited left in its group', async () => {
    const component = startComponent({
      name: 'orphaning',
      command: 'sh',
      args: ['-c', 'sleep 60 & echo "orphan $!"; exit 0'],
      env: process.env,
      healthUrl: '',
    });
    let orphan = 0;
    try {
      await expect.poll(() => /orphan \d+/.test(component.output())).toBe(true);
      orphan = Number(/orphan (\d+)/.exec(component.output())?.[1]);
      await expect.poll(() => component.child.exitCode).toBe(0);
      expect(running(orphan)).toBe(true);
      await component.stop();
      await expect.poll(() => running(orphan), { timeout: 2000 }).toBe(false);
    } finally {
      if (orphan > 0 && running(orphan)) process.kill(orphan, 'SIGKILL');
    }
  });
});
