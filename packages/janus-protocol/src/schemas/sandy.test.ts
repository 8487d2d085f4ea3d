import { describe, expect, it } from 'vitest';
import {
  agentEventSchema,
  agentRunRequestSchema,
  execRequestSchema,
  execResultSchema,
  execStreamEventSchema,
  fileListResponseSchema,
  fileReadResponseSchema,
  fileWriteRequestSchema,
  sandboxCreateRequestSchema,
  sandboxInfoSchema,
  sandyErrorBodySchema,
} from './sandy';

describe('sandboxInfoSchema', () => {
  it('should normalise sandboxId, sandbox_id and id', () => {
    const expected = {
      sandboxId: 'sbx_1',
      url: 'https://sbx.example',
      createdAt: '2026-11-26T12:00:00Z',
      timeoutAt: null,
      status: 'running',
    };
    expect(
      sandboxInfoSchema.parse({
        sandboxId: 'sbx_1',
        url: 'https://sbx.example',
        createdAt: '2026-11-26T12:00:00Z',
        status: 'running',
      }),
    ).toEqual(expected);
    expect(
      sandboxInfoSchema.parse({
        sandbox_id: 'sbx_1',
        public_url: 'https://sbx.example',
        created_at: '2026-11-26T12:00:00Z',
      }),
    ).toEqual(expected);
    expect(
      sandboxInfoSchema.parse({
        id: 'sbx_1',
        sandbox_url: 'https://sbx.example',
        created_at: '2026-11-26T12:00:00Z',
        timeout_at: null,
      }),
    ).toEqual(expected);
  });

  it('should keep the seconds left when the service reports them', () => {
    expect(
      sandboxInfoSchema.parse({ sandboxId: 's', ttl_remaining: 42 })
        .ttlRemaining,
    ).toBe(42);
    expect(
      sandboxInfoSchema.parse({ sandboxId: 's', ttlRemaining: 7 }).ttlRemaining,
    ).toBe(7);
    expect(sandboxInfoSchema.parse({ sandboxId: 's' })).not.toHaveProperty(
      'ttlRemaining',
    );
  });

  it('should reject a response without any id', () => {
    expect(
      sandboxInfoSchema.safeParse({ url: 'x' }).error?.issues[0]?.message,
    ).toBe('A sandbox response needs sandboxId, sandbox_id or id');
  });
});

describe('execResultSchema', () => {
  it('should accept exitCode or exit_code and fill defaults', () => {
    expect(
      execResultSchema.parse({ stdout: 'hi\n', stderr: '', exit_code: 2 }),
    ).toEqual({
      stdout: 'hi\n',
      stderr: '',
      exitCode: 2,
      timedOut: false,
      truncated: false,
      durationMs: null,
    });
    expect(
      execResultSchema.parse({
        exitCode: 0,
        timedOut: true,
        truncated: true,
        durationMs: 12,
      }),
    ).toMatchObject({
      stdout: '',
      exitCode: 0,
      timedOut: true,
      durationMs: 12,
    });
    expect(execResultSchema.parse({}).exitCode).toBe(-1);
    expect(execResultSchema.safeParse({ exitCode: 1.5 }).success).toBe(false);
  });
});

describe('sandboxCreateRequestSchema', () => {
  it('should accept the hosted fields and keep unknown ones', () => {
    const body = {
      ttl_seconds: 600,
      priority: 'NORMAL',
      expose_ports: [8080],
      flavor: 'agent-ready',
      extra: true,
    };
    expect(sandboxCreateRequestSchema.parse(body)).toEqual(body);
    expect(sandboxCreateRequestSchema.parse({})).toEqual({});
    expect(
      sandboxCreateRequestSchema.safeParse({ ttl_seconds: 0 }).success,
    ).toBe(false);
  });
});

describe('execRequestSchema', () => {
  it('should require a command', () => {
    expect(
      execRequestSchema.parse({ command: 'ls', cwd: 'src', timeoutMs: 1000 }),
    ).toEqual({ command: 'ls', cwd: 'src', timeoutMs: 1000 });
    expect(execRequestSchema.safeParse({ command: '' }).success).toBe(false);
  });
});

describe('fileWriteRequestSchema', () => {
  it('should accept text and base64 content', () => {
    expect(
      fileWriteRequestSchema.safeParse({
        path: 'a.bin',
        content: 'AA==',
        encoding: 'base64',
      }).success,
    ).toBe(true);
    expect(
      fileWriteRequestSchema.safeParse({
        path: 'a',
        content: 'x',
        encoding: 'hex',
      }).success,
    ).toBe(false);
  });
});

describe('fileReadResponseSchema', () => {
  it('should accept a JSON file read', () => {
    expect(
      fileReadResponseSchema.parse({ content: 'hi', path: 'a.txt', size: 2 }),
    ).toEqual({ content: 'hi', path: 'a.txt', size: 2 });
  });
});

describe('fileListResponseSchema', () => {
  it('should accept files and typed entries', () => {
    const list = {
      files: ['a.txt', 'artifacts'],
      entries: [
        { path: 'a.txt', type: 'file', size: 2 },
        { path: 'artifacts', type: 'directory', size: 0 },
      ],
    };
    expect(fileListResponseSchema.parse(list)).toEqual(list);
  });
});

describe('agentRunRequestSchema', () => {
  it('should require agent and prompt', () => {
    expect(
      agentRunRequestSchema.safeParse({
        agent: 'builtin',
        prompt: 'Plot x²',
        maxDuration: 60,
      }).success,
    ).toBe(true);
    expect(agentRunRequestSchema.safeParse({ agent: 'builtin' }).success).toBe(
      false,
    );
  });
});

describe('agentEventSchema', () => {
  it('should accept every agent/run event', () => {
    const events = [
      { type: 'status', message: 'Starting' },
      { type: 'output', text: '\u001b[32mok\u001b[0m', stream: 'stdout' },
      {
        type: 'agent-output',
        data: {
          type: 'assistant',
          message: { content: [{ type: 'text', text: 'hi' }] },
        },
      },
      { type: 'files-update', changes: [{ path: 'a.txt', changeType: 'add' }] },
      { type: 'heartbeat', elapsed: 3 },
      { type: 'complete', success: true, exitCode: 0, duration: 4.2 },
      { type: 'error', error: 'boom' },
    ];
    for (const event of events)
      expect(agentEventSchema.parse(event)).toEqual(event);
    expect(agentEventSchema.safeParse({ type: 'complete' }).success).toBe(
      false,
    );
    expect(agentEventSchema.safeParse({ type: 'unknown' }).success).toBe(false);
  });
});

describe('execStreamEventSchema', () => {
  it('should accept stdout, stderr, exit and error', () => {
    for (const event of [
      { type: 'stdout', data: 'a' },
      { type: 'stderr', data: 'b' },
      {
        type: 'exit',
        exitCode: 0,
        timedOut: false,
        truncated: false,
        durationMs: 3,
      },
      { type: 'error', error: 'x' },
    ])
      expect(execStreamEventSchema.parse(event)).toEqual(event);
    expect(
      execStreamEventSchema.safeParse({ type: 'exit', exitCode: 0 }).success,
    ).toBe(false);
  });
});

describe('sandyErrorBodySchema', () => {
  it('should accept { error: { message, code } }', () => {
    expect(
      sandyErrorBodySchema.parse({
        error: { message: 'gone', code: 'not_found' },
      }),
    ).toEqual({ error: { message: 'gone', code: 'not_found' } });
  });
});
