import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { JanusError } from '@janus/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from './load-suite';
import { sampleTasks } from './sample-tasks';
import { TASK_CATEGORIES } from './task-schema';

const line = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    category: 'chat',
    messages: [{ role: 'user', content: 'hi' }],
    expected: { answer: 'x' },
    ...extra,
  });
const png = Buffer.from('89504e470d0a1a0a', 'hex');

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'janus-suite-'));
  await writeFile(join(directory, 'img.png'), png);
  const image = {
    role: 'user',
    content: [
      { type: 'text', text: 'colour?' },
      { type: 'image_url', image_url: { url: 'img.png' } },
    ],
  };
  await writeFile(
    join(directory, 'a.jsonl'),
    `${line('a1')}\n\n// a comment\n${line('a2', { messages: [image] })}\n`,
  );
  await writeFile(join(directory, 'b.jsonl.txt'), 'ignored');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('loadSuite', () => {
  it('should load the shipped dev suite with at least 60 tasks in every category and inline its images', async () => {
    const tasks = await loadSuite({ suite: 'public/dev' });
    expect(tasks.length).toBeGreaterThanOrEqual(60);
    expect(new Set(tasks.map(task => task.category))).toEqual(
      new Set(TASK_CATEGORIES),
    );
    const image = JSON.stringify(
      tasks.find(task => task.category === 'multimodal')!.messages,
    );
    expect(image).toContain('data:image/png;base64,iVBORw0KGgo');
  });

  it('should load a private suite from a directory and inline relative images', async () => {
    const tasks = await loadSuite({ suite: directory });
    expect(tasks.map(task => task.id)).toEqual(['a1', 'a2']);
    expect(JSON.stringify(tasks[1]!.messages)).toContain(
      `data:image/png;base64,${png.toString('base64')}`,
    );
  });

  it('should load a suite from a URL, fetching images relative to it', async () => {
    const files: Record<string, Buffer | string> = {
      '/s/suite.jsonl': line('u1', {
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'pic.png' } }],
          },
        ],
      }),
      '/s/pic.png': png,
    };
    const fetcher: typeof fetch = async input => {
      const path = new URL(input instanceof Request ? input.url : String(input))
        .pathname;
      const body = files[path];
      return body === undefined
        ? new Response('missing', { status: 404 })
        : new Response(typeof body === 'string' ? body : new Uint8Array(body));
    };
    const tasks = await loadSuite({
      suite: 'https://suites.test/s/suite.jsonl',
      fetch: fetcher,
    });
    expect(JSON.stringify(tasks[0]!.messages)).toContain(
      png.toString('base64'),
    );
  });

  it('should name the file and line of an invalid task', async () => {
    const file = join(directory, 'bad.jsonl');
    await writeFile(file, `${line('ok')}\n{"id":"broken","category":"chat"}\n`);
    await expect(loadSuite({ suite: file })).rejects.toThrow(`${file}:2`);
  });

  it.each([
    [
      { answr: 'Paris' },
      /task typo: Invalid task at 'expected': unknown field "answr" \(known: answer, /,
    ],
    [
      { regex: '(' },
      /task typo: Invalid task at 'expected\.regex': not a valid JavaScript regex \(Invalid regular expression: .*\)/,
    ],
  ])(
    'should reject a task whose expected field %j would silently drop its quality check',
    async (expected, message) => {
      const file = join(directory, 'typo.jsonl');
      await writeFile(file, `${line('ok')}\n${line('typo', { expected })}\n`);
      const error = await loadSuite({ suite: file }).catch(error => error);
      expect(JanusError.isInstance(error)).toBe(true);
      expect(error.message).toContain(`${file}:2: `);
      expect(error.message).toMatch(message);
    },
  );

  it('should name the task and the file of a missing image', async () => {
    const file = join(directory, 'no-image', 'suite.jsonl');
    await mkdir(dirname(file));
    const message = {
      role: 'user',
      content: [{ type: 'image_url', image_url: { url: 'gone.png' } }],
    };
    await writeFile(file, `${line('m1', { messages: [message] })}\n`);
    const error = await loadSuite({ suite: file }).catch(error => error);
    expect(JanusError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect(error.message).toContain(`${file}: task m1: cannot read image`);
    expect(error.message).toContain(join(dirname(file), 'gone.png'));
  });

  it('should reject duplicate ids and missing suites', async () => {
    const file = join(directory, 'dupe.jsonl');
    await writeFile(file, `${line('same')}\n${line('same')}\n`);
    await expect(loadSuite({ suite: file })).rejects.toThrow(
      'Duplicate task id same',
    );
    await expect(loadSuite({ suite: join(directory, 'nope') })).rejects.toThrow(
      'Suite not found',
    );
    await expect(loadSuite({ suite: 'public/devv' })).rejects.toMatchObject({
      code: 'not_found',
      message:
        'Suite not found: public/devv (shipped suites: public/dev, public/train; otherwise a path to a .jsonl file or a directory of them, or an https:// URL)',
    });
  });
});

describe('sampleTasks', () => {
  it('should take K per category or P% of each, reproducibly by seed', async () => {
    const tasks = await loadSuite({ suite: 'public/dev' });
    const k = sampleTasks({ tasks, subset: 2, seed: 1 });
    expect(k).toHaveLength(14);
    expect(sampleTasks({ tasks, subset: 2, seed: 1 })).toEqual(k);
    expect(
      sampleTasks({ tasks, subset: 2, seed: 2 }).map(task => task.id),
    ).not.toEqual(k.map(task => task.id));
    const percent = sampleTasks({ tasks, subset: '10%', seed: 1 });
    expect(percent.filter(task => task.category === 'chat')).toHaveLength(2);
    expect(() => sampleTasks({ tasks, subset: '0%' })).toThrow(RangeError);
  });
});
