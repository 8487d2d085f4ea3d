import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createApp } from './create-app';
import { readConfig } from './read-config';

const appDirectory = fileURLToPath(new URL('..', import.meta.url));

/** A tiny competitor on 127.0.0.1:0 that streams two words. */
async function startCompetitor() {
  const seen: { authorization?: string; requestId?: string }[] = [];
  const server = createServer((request, response) => {
    request.resume();
    if (request.url === '/health') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"status":"ok","llm":{"mode":"scripted"}}');
      return;
    }
    seen.push({
      authorization: request.headers.authorization,
      requestId: request.headers['x-request-id'] as string,
    });
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    response.end(`${chunk('Hello')}${chunk(' Express')}data: [DONE]\n\n`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** A competitor that streams `Hello`, then waits for `release()` before ` world`. */
async function startGatedCompetitor() {
  let release!: () => void;
  const released = new Promise<void>(resolve => {
    release = resolve;
  });
  const server = createServer((request, response) => {
    request.resume();
    if (request.url === '/health') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"status":"ok"}');
      return;
    }
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chunk('Hello'));
    void released.then(() =>
      response.end(`${chunk(' world')}data: [DONE]\n\n`),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    release,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/**
 * Starts `src/main.ts` from source; `listening` resolves with the port (or
 * rejects when it exits first), `exited` with the exit code.
 */
/**
 * Opens a chat stream to competitor `alpha` through the app on `port` and
 * reads it until the gated competitor's first word; `readRest` reads the
 * remainder to its end. Plain fetch keeps its connection alive afterwards.
 */
async function openStream(port: number) {
  const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'alpha',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  });
  const reader = response
    .body!.pipeThrough(new TextDecoderStream())
    .getReader();
  let text = '';
  while (!text.includes('Hello')) text += (await reader.read()).value;
  const readRest = async () => {
    let rest = '';
    for (let step = await reader.read(); !step.done; step = await reader.read())
      rest += step.value;
    return rest;
  };
  return { text, readRest };
}

function startMain(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--conditions=@janus/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: appDirectory,
      env: { PATH: process.env.PATH, HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', resolve),
  );
  const listening = new Promise<number>((resolve, reject) => {
    let buffer = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      buffer += text;
      for (
        let index = buffer.indexOf('\n');
        index >= 0;
        index = buffer.indexOf('\n')
      ) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 1);
        lines.push(line);
        if (line.includes('"gateway.listening"'))
          resolve(JSON.parse(line).port);
      }
    });
    void exited.then(code => {
      if (buffer) lines.push(buffer);
      reject(new Error(`exited early (${code}): ${lines.join('\n')}`));
    });
  });
  listening.catch(() => {});
  return { child, lines, listening, exited };
}

describe('gateway-express main', () => {
  it('should log a port in use as gateway.listen_failed and exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as AddressInfo;
      const main = startMain({
        PORT: String(port),
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
      });
      expect(await main.exited).toBe(1);
      const output = main.lines.join('\n');
      expect(output).not.toContain('TypeError');
      const failed = main.lines
        .map(line => JSON.parse(line) as Record<string, unknown>)
        .find(line => line.msg === 'gateway.listen_failed');
      expect(failed).toMatchObject({ level: 'error', code: 'EADDRINUSE' });
    } finally {
      await new Promise(resolve => blocker.close(resolve));
    }
  });

  it.each([
    ['JANUS_DEFAULT_COMPETITOR', 'nobody', 'nobody'],
    ['JANUS_COMPETITORS', 'a=notaurl', "Invalid URL for competitor 'a'"],
    ['JANUS_PUBLIC_BASE_URL', 'not-a-url', 'publicBaseUrl'],
    [
      'JANUS_CORS_ORIGIN',
      'https://a.example\nhttps://b.example',
      'Invalid JANUS_CORS_ORIGIN',
    ],
    ['JANUS_COMPETITORS', '', 'JANUS_COMPETITORS is empty'],
    ['PORT', '0x2527', "Invalid PORT '0x2527'"],
  ])(
    'should log %s=%s that the gateway refuses as config.invalid and exit 1',
    async (name, value, message) => {
      const main = startMain({
        PORT: '0',
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
        [name]: value,
      });
      expect(await main.exited).toBe(1);
      expect(main.lines).toHaveLength(1);
      const line = JSON.parse(main.lines[0]!) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 'error', msg: 'config.invalid' });
      expect(JSON.stringify(line)).toContain(message);
    },
  );

  it('should warn when it listens without keys on a non-loopback address', async () => {
    const seen: Record<string, boolean> = {};
    for (const host of ['0.0.0.0', '127.0.0.1']) {
      const main = startMain({
        PORT: '0',
        HOST: host,
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
      });
      try {
        await main.listening;
        // Logged right after `gateway.listening`, in the same callback.
        const deadline = Date.now() + 2_000;
        while (
          Date.now() < deadline &&
          !main.lines.some(line => line.includes('"gateway.open"'))
        )
          await new Promise(resolve => setTimeout(resolve, 50));
        const open = main.lines.find(line => line.includes('"gateway.open"'));
        seen[host] = open !== undefined;
        if (open)
          expect(JSON.parse(open)).toMatchObject({ level: 'warn', host });
      } finally {
        main.child.kill('SIGKILL');
        await main.exited;
      }
    }
    expect(seen).toEqual({ '0.0.0.0': true, '127.0.0.1': false });
  });

  it('should let a stream in flight finish on SIGTERM and exit as soon as it ended', async () => {
    const competitor = await startGatedCompetitor();
    const main = startMain({
      PORT: '0',
      JANUS_COMPETITORS: `alpha=${competitor.url}`,
    });
    try {
      const port = await main.listening;
      const stream = await openStream(port);
      let text = stream.text;
      main.child.kill('SIGTERM');
      await expect
        .poll(() => main.lines.some(line => line.includes('gateway.stopping')))
        .toBe(true);
      competitor.release();
      text += await stream.readRest();
      expect(text).toMatch(/ world.*data: \[DONE\]\n\n$/s);
      const ended = Date.now();
      expect(await main.exited).toBe(0);
      // Not Node's 5 s keep-alive timeout for the now idle connection.
      expect(Date.now() - ended).toBeLessThan(2_500);
    } finally {
      main.child.kill('SIGKILL');
      await competitor.close();
    }
  });

  it('should cut streams in flight at once on a second signal', async () => {
    const competitor = await startGatedCompetitor();
    const main = startMain({
      PORT: '0',
      JANUS_COMPETITORS: `alpha=${competitor.url}`,
    });
    try {
      const port = await main.listening;
      const stream = await openStream(port);
      let text = stream.text;
      main.child.kill('SIGTERM');
      await expect
        .poll(() => main.lines.some(line => line.includes('gateway.stopping')))
        .toBe(true);
      const second = Date.now();
      main.child.kill('SIGINT');
      text += await stream.readRest();
      expect(text).toContain('shutting down');
      expect(text).toMatch(/data: \[DONE\]\n\n$/);
      expect(await main.exited).toBe(0);
      // Well inside the 10 s grace period the first signal started.
      expect(Date.now() - second).toBeLessThan(5_000);
      expect(
        main.lines.some(
          line =>
            line.includes('"gateway.shutdown_cut"') &&
            line.includes('"SIGINT"'),
        ),
      ).toBe(true);
    } finally {
      main.child.kill('SIGKILL');
      await competitor.close();
    }
  });

  it('should cut streams in flight after JANUS_SHUTDOWN_GRACE_MS', async () => {
    const competitor = await startGatedCompetitor();
    const main = startMain({
      PORT: '0',
      JANUS_COMPETITORS: `alpha=${competitor.url}`,
      JANUS_SHUTDOWN_GRACE_MS: '300',
    });
    try {
      const port = await main.listening;
      const stream = await openStream(port);
      let text = stream.text;
      const signalled = Date.now();
      main.child.kill('SIGTERM');
      text += await stream.readRest();
      expect(text).toContain('shutting down');
      expect(await main.exited).toBe(0);
      // The default grace is 10 s; this one is 300 ms.
      expect(Date.now() - signalled).toBeLessThan(5_000);
    } finally {
      main.child.kill('SIGKILL');
      await competitor.close();
    }
  });

  it('should start from env, proxy a stream with auth, and stop on SIGTERM', async () => {
    const competitor = await startCompetitor();
    // Sources through the @janus/source condition, so no build is needed.
    const child = spawn(
      process.execPath,
      ['--conditions=@janus/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: appDirectory,
        env: {
          ...process.env,
          PORT: '0',
          HOST: '127.0.0.1',
          JANUS_COMPETITORS: `alpha=${competitor.url}`,
          JANUS_DEFAULT_COMPETITOR: 'alpha',
          JANUS_API_KEYS: 'sk-test',
          JANUS_COMPETITOR_KEYS: 'alpha=competitor-secret',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => {
        buffer += text;
        for (
          let index = buffer.indexOf('\n');
          index >= 0;
          index = buffer.indexOf('\n')
        ) {
          const line = buffer.slice(0, index);
          buffer = buffer.slice(index + 1);
          lines.push(line);
          if (line.includes('"gateway.listening"'))
            resolve(JSON.parse(line).port);
        }
      });
      child.once('exit', code =>
        reject(new Error(`exited early (${code}): ${lines.join('\n')}`)),
      );
    });
    try {
      const openai = new OpenAI({
        baseURL: `http://127.0.0.1:${port}/v1`,
        apiKey: 'sk-test',
        maxRetries: 0,
      });
      const stream = await openai.chat.completions.create({
        model: 'alpha',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      });
      let text = '';
      for await (const chunk of stream)
        text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('Hello Express');
      expect(competitor.seen[0]?.authorization).toBe(
        'Bearer competitor-secret',
      );
      const unauthorized = await fetch(`http://127.0.0.1:${port}/v1/models`);
      expect(unauthorized.status).toBe(401);
      const health = await (
        await fetch(`http://127.0.0.1:${port}/health`)
      ).json();
      expect(health.competitors[0].id).toBe('alpha');
    } finally {
      const exited = new Promise<number | null>(resolve =>
        child.once('exit', resolve),
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await competitor.close();
    }
    expect(lines.some(line => line.includes('"gateway.stopped"'))).toBe(true);
  }, 30_000);
});

describe('createApp', () => {
  it('should ask for a key on artifacts only with JANUS_PROTECT_ARTIFACTS', async () => {
    const statuses: Record<string, number[]> = {};
    for (const protect of ['false', 'true']) {
      const { app, gateway } = createApp({
        config: readConfig({
          JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
          JANUS_API_KEYS: 'sk-test',
          JANUS_PROTECT_ARTIFACTS: protect,
        }),
        logger: { log: () => {} },
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise(resolve => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/v1/artifacts/art_unknown`;
      try {
        statuses[protect] = [
          (await fetch(url)).status,
          (await fetch(url, { headers: { authorization: 'Bearer sk-test' } }))
            .status,
        ];
      } finally {
        await gateway.close();
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
      }
    }
    // Unknown id: 404 once the key check (if any) has passed.
    expect(statuses).toEqual({ false: [404, 404], true: [401, 404] });
  });
});

describe('readConfig', () => {
  it('should parse competitors, keys and defaults', () => {
    const config = readConfig({
      JANUS_COMPETITORS: 'a=http://127.0.0.1:1, b=http://127.0.0.1:2',
      JANUS_COMPETITOR_KEYS: 'b=kb',
      JANUS_API_KEYS: 'k1, k2',
    });
    expect(config.port).toBe(8000);
    expect(config.gateway.competitors).toEqual([
      { id: 'a', url: 'http://127.0.0.1:1', apiKey: undefined },
      { id: 'b', url: 'http://127.0.0.1:2', apiKey: 'kb' },
    ]);
    expect(config.apiKeys).toEqual(['k1', 'k2']);
  });

  it('should reject malformed values', () => {
    expect(() => readConfig({ JANUS_COMPETITORS: 'nourl' })).toThrow(
      'expected id=value',
    );
    expect(() => readConfig({ JANUS_COMPETITOR_KEYS: 'ghost=k' })).toThrow(
      "unknown competitor 'ghost'",
    );
    expect(() => readConfig({ PORT: 'abc' })).toThrow('Invalid PORT');
    expect(() => readConfig({ PORT: '70000' })).toThrow('Invalid PORT');
    expect(() => readConfig({ JANUS_KEEP_ALIVE_MS: 'abc' })).toThrow(
      "Invalid JANUS_KEEP_ALIVE_MS 'abc'",
    );
    expect(() => readConfig({ JANUS_RATE_LIMIT_PER_MINUTE: '-5' })).toThrow(
      "Invalid JANUS_RATE_LIMIT_PER_MINUTE '-5'",
    );
    expect(() => readConfig({ JANUS_RATE_LIMIT_PER_MINUTE: '1.5' })).toThrow(
      'expected a whole number',
    );
  });

  it('should refuse duplicate competitor ids', () => {
    expect(() =>
      readConfig({
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1,a=http://127.0.0.1:2',
      }),
    ).toThrow("JANUS_COMPETITORS: duplicate id 'a'");
    expect(() =>
      readConfig({
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
        JANUS_COMPETITOR_KEYS: 'a=k1,a=k2',
      }),
    ).toThrow("JANUS_COMPETITOR_KEYS: duplicate id 'a'");
  });

  it('should read JANUS_PROTECT_ARTIFACTS and refuse it without client keys', () => {
    const base = { JANUS_API_KEYS: 'k1' };
    expect(readConfig(base).protectArtifacts).toBe(false);
    expect(
      readConfig({ ...base, JANUS_PROTECT_ARTIFACTS: 'TRUE' }).protectArtifacts,
    ).toBe(true);
    expect(
      readConfig({ ...base, JANUS_PROTECT_ARTIFACTS: '0' }).protectArtifacts,
    ).toBe(false);
    expect(() =>
      readConfig({ ...base, JANUS_PROTECT_ARTIFACTS: 'yes' }),
    ).toThrow("Invalid JANUS_PROTECT_ARTIFACTS 'yes'");
    expect(() => readConfig({ JANUS_PROTECT_ARTIFACTS: '1' })).toThrow(
      'JANUS_PROTECT_ARTIFACTS needs JANUS_API_KEYS',
    );
  });

  it('should read JANUS_FAILOVER, leaving gateway-core its default when unset', () => {
    expect(readConfig({}).gateway.retry).toBeUndefined();
    expect(readConfig({ JANUS_FAILOVER: ' ' }).gateway.retry).toBeUndefined();
    expect(readConfig({ JANUS_FAILOVER: 'false' }).gateway.retry).toEqual({
      failover: false,
    });
    expect(readConfig({ JANUS_FAILOVER: '1' }).gateway.retry).toEqual({
      failover: true,
    });
    expect(() => readConfig({ JANUS_FAILOVER: 'off' })).toThrow(
      "Invalid JANUS_FAILOVER 'off': expected true or false",
    );
  });

  it('should treat an empty JANUS_CORS_ORIGIN as the default', () => {
    expect(readConfig({ JANUS_CORS_ORIGIN: '' }).corsOrigins).toEqual(['*']);
    expect(readConfig({ JANUS_CORS_ORIGIN: ' ' }).corsOrigins).toEqual(['*']);
    expect(
      readConfig({ JANUS_CORS_ORIGIN: 'https://a.example' }).corsOrigins,
    ).toEqual(['https://a.example']);
  });

  it('should read a list of CORS origins and refuse anything else', () => {
    expect(
      readConfig({
        JANUS_CORS_ORIGIN: 'https://a.example, http://localhost:5173',
      }).corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:5173']);
    for (const value of [
      'https://a.example\nhttps://b.example',
      'https://a.example https://b.example',
      'https://a.example/',
      'a.example',
      'ftp://a.example',
      '*, https://a.example',
      'https://a.example,,https://b.example',
    ])
      expect(() => readConfig({ JANUS_CORS_ORIGIN: value })).toThrow(
        'Invalid JANUS_CORS_ORIGIN',
      );
  });

  it('should refuse what it used to take by mistake', () => {
    expect(() => readConfig({ JANUS_COMPETITORS: '' })).toThrow(
      'JANUS_COMPETITORS is empty',
    );
    expect(() => readConfig({ JANUS_COMPETITORS: ' ' })).toThrow(
      'JANUS_COMPETITORS is empty',
    );
    for (const [name, value] of [
      ['PORT', '0x2527'],
      ['PORT', '1e3'],
      ['PORT', '+80'],
      ['JANUS_RATE_LIMIT_PER_MINUTE', '1e3'],
      ['JANUS_KEEP_ALIVE_MS', '0b11'],
      ['JANUS_RATE_LIMIT_PER_MINUTE', '99999999999999999999'],
    ] as const)
      expect(() => readConfig({ [name]: value })).toThrow(
        `Invalid ${name} '${value}'`,
      );
    expect(() => readConfig({ JANUS_API_KEYS: 'sk-a, sk b' })).toThrow(
      'JANUS_API_KEYS: key 2 contains whitespace',
    );
    expect(
      readConfig({
        JANUS_COMPETITORS: 'a=http://127.0.0.1:1',
        JANUS_DEFAULT_COMPETITOR: ' a ',
      }).gateway.defaultCompetitor,
    ).toBe('a');
  });

  it('should read timeouts, the health interval and the shutdown grace, keeping the defaults when unset', () => {
    const config = readConfig({
      JANUS_FIRST_BYTE_TIMEOUT_MS: '5000',
      JANUS_IDLE_TIMEOUT_MS: '0',
      JANUS_TOTAL_TIMEOUT_MS: '60000',
      JANUS_HEALTH_INTERVAL_MS: '2500',
      JANUS_SHUTDOWN_GRACE_MS: '3000',
    });
    expect(config.gateway.timeouts).toEqual({
      firstByteMs: 5000,
      idleMs: 0,
      totalMs: 60000,
    });
    expect(config.gateway.healthCheck).toEqual({ intervalMs: 2500 });
    expect(config.shutdownGraceMs).toBe(3000);
    const defaults = readConfig({});
    expect(defaults.gateway.timeouts).toEqual({
      firstByteMs: undefined,
      idleMs: undefined,
      totalMs: undefined,
    });
    expect(defaults.shutdownGraceMs).toBe(10_000);
    for (const [name, value] of [
      ['JANUS_FIRST_BYTE_TIMEOUT_MS', '5s'],
      ['JANUS_HEALTH_INTERVAL_MS', '-1'],
      ['JANUS_SHUTDOWN_GRACE_MS', '99999999999'],
    ] as const)
      expect(() => readConfig({ [name]: value })).toThrow(
        `Invalid ${name} '${value}'`,
      );
  });

  it('should read the health-check timeout and thresholds, keeping the defaults when unset', () => {
    const config = readConfig({
      JANUS_HEALTH_INTERVAL_MS: '5000',
      JANUS_HEALTH_TIMEOUT_MS: ' 1500 ',
      JANUS_HEALTH_FAILURE_THRESHOLD: '5',
      JANUS_HEALTH_RECOVERY_THRESHOLD: '1',
    });
    expect(config.gateway.healthCheck).toEqual({
      intervalMs: 5000,
      timeoutMs: 1500,
      failureThreshold: 5,
      recoveryThreshold: 1,
    });
    expect(
      readConfig({
        JANUS_HEALTH_TIMEOUT_MS: '',
        JANUS_HEALTH_FAILURE_THRESHOLD: ' ',
      }).gateway.healthCheck,
    ).toEqual({
      intervalMs: undefined,
      timeoutMs: undefined,
      failureThreshold: undefined,
      recoveryThreshold: undefined,
    });
    for (const [name, value, range] of [
      ['JANUS_HEALTH_TIMEOUT_MS', '0', '1 to 2147483647'],
      ['JANUS_HEALTH_TIMEOUT_MS', '3s', '1 to 2147483647'],
      ['JANUS_HEALTH_TIMEOUT_MS', '2147483648', '1 to 2147483647'],
      ['JANUS_HEALTH_FAILURE_THRESHOLD', '0', '1 to 9007199254740991'],
      ['JANUS_HEALTH_FAILURE_THRESHOLD', '2.5', '1 to 9007199254740991'],
      ['JANUS_HEALTH_FAILURE_THRESHOLD', '1e3', '1 to 9007199254740991'],
      ['JANUS_HEALTH_RECOVERY_THRESHOLD', '-1', '1 to 9007199254740991'],
      ['JANUS_HEALTH_RECOVERY_THRESHOLD', '0x2', '1 to 9007199254740991'],
    ] as const)
      expect(() => readConfig({ [name]: value })).toThrow(
        `Invalid ${name} '${value}': expected a whole number from ${range}`,
      );
  });

  it('should pass the health-check settings to the gateway', async () => {
    let healthChecks = 0;
    const competitor = createServer((request, response) => {
      if (request.url === '/health') healthChecks++;
      response.writeHead(503).end();
    });
    competitor.listen(0, '127.0.0.1');
    await new Promise(resolve => competitor.once('listening', resolve));
    const port = (competitor.address() as AddressInfo).port;
    const { gateway } = createApp({
      config: readConfig({
        JANUS_COMPETITORS: `a=http://127.0.0.1:${port}`,
        JANUS_HEALTH_INTERVAL_MS: '600000',
        JANUS_HEALTH_FAILURE_THRESHOLD: '2',
        JANUS_HEALTH_RECOVERY_THRESHOLD: '3',
      }),
      logger: { log: () => {} },
    });
    try {
      const entry = gateway.registry.get('a');
      // Never healthy yet: one failure marks it down; then it serves…
      await gateway.registry.checkHealth();
      expect(entry?.health).toBe('unhealthy');
      competitor.removeAllListeners('request');
      competitor.on('request', (request, response) => {
        if (request.url === '/health') healthChecks++;
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"ok"}');
      });
      await gateway.registry.checkHealth();
      expect(entry?.health).toBe('healthy');
      // …and from then on the thresholds from the environment apply.
      competitor.removeAllListeners('request');
      competitor.on('request', (request, response) => {
        if (request.url === '/health') healthChecks++;
        response.writeHead(503).end();
      });
      await gateway.registry.checkHealth();
      expect(entry?.health).toBe('healthy');
      await gateway.registry.checkHealth();
      expect(entry?.health).toBe('unhealthy');
      expect(healthChecks).toBe(4);
    } finally {
      await gateway.close();
      competitor.closeAllConnections();
      await new Promise(resolve => competitor.close(resolve));
    }
  });

  it('should read the numbers it is given', () => {
    const config = readConfig({
      PORT: '0',
      JANUS_KEEP_ALIVE_MS: '250',
      JANUS_RATE_LIMIT_PER_MINUTE: '60',
    });
    expect(config.port).toBe(0);
    expect(config.gateway.keepAliveIntervalMs).toBe(250);
    expect(config.rateLimitPerMinute).toBe(60);
  });
});
