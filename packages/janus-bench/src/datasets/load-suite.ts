import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { JanusError, safeParseJsonWith } from '@janus/protocol';
import ky from 'ky';
import { describeError } from '../internal/describe-error';
import { PUBLIC_SUITES, publicSuitePath } from './public-suites';
import { type BenchTask, benchTaskSchema } from './task-schema';

/** Options of {@link loadSuite}. */
export interface LoadSuiteOptions {
  /**
   * A shipped suite (`public/dev`, `public/train`), a path to a `.jsonl` file
   * or a directory of them, or an `http(s)://` URL of a `.jsonl` file.
   */
  suite: string;
  /** Used for URL suites and their images. */
  fetch?: typeof fetch;
  /** Time limit for fetching a URL suite, ms (default 30 000). */
  timeoutMs?: number;
}

/**
 * Loads and validates a suite's tasks. Relative image paths in `image_url`
 * parts are resolved against the JSONL file (or URL) and inlined as `data:`
 * URIs, so private suites stay outside the package and are never bundled.
 *
 * @throws JanusError `invalid_request` for a malformed line (with file and line number), an unreadable image (with file and task) or duplicate ids.
 */
export async function loadSuite(
  options: LoadSuiteOptions,
): Promise<BenchTask[]> {
  const { suite } = options;
  if (/^https?:\/\//.test(suite)) return loadUrlSuite(options);
  const path = publicSuitePath(suite) ?? resolve(suite);
  const info = await stat(path).catch(() => null);
  if (info === null) {
    throw new JanusError({
      code: 'not_found',
      // A typo of a shipped name (`public/devv`) is read as a path: say
      // what exists, not only what does not.
      message: `Suite not found: ${suite} (shipped suites: ${PUBLIC_SUITES.join(', ')}; otherwise a path to a .jsonl file or a directory of them, or an https:// URL)`,
    });
  }
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter(name => name.endsWith('.jsonl'))
        .sort()
        .map(name => join(path, name))
    : [path];
  const tasks: BenchTask[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const parsed = parseJsonl({ text, source: file });
    for (const task of parsed) {
      await inlineImages(task, async reference => {
        const image = resolve(dirname(file), reference);
        const bytes = await readFile(image).catch((error: unknown) => {
          throw new JanusError({
            code: 'invalid_request',
            message: `${file}: task ${task.id}: cannot read image ${reference} (${(error as Error).message})`,
            cause: error,
          });
        });
        return toDataUri(reference, bytes);
      });
    }
    tasks.push(...parsed);
  }
  return checkUniqueIds(tasks, suite);
}

async function loadUrlSuite(options: LoadSuiteOptions): Promise<BenchTask[]> {
  const client = ky.create({
    retry: 0,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const text = await client
    .get(options.suite)
    .text()
    .catch((error: unknown) => {
      throw new JanusError({
        code: 'upstream_unavailable',
        message: `Cannot fetch suite ${options.suite}: ${describeError(error)}`,
        cause: error,
      });
    });
  const tasks = parseJsonl({ text, source: options.suite });
  for (const task of tasks) {
    await inlineImages(task, async reference => {
      const url = new URL(reference, options.suite).toString();
      const bytes = new Uint8Array(await client.get(url).arrayBuffer());
      return toDataUri(reference, bytes);
    });
  }
  return checkUniqueIds(tasks, options.suite);
}

/**
 * Parses JSONL text into validated tasks (blank lines and `//` comments skipped).
 *
 * @throws JanusError `invalid_request` naming the source and line of the first bad line.
 */
export function parseJsonl(options: {
  text: string;
  source: string;
}): BenchTask[] {
  const tasks: BenchTask[] = [];
  const lines = options.text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('//')) continue;
    const where = `${options.source}:${index + 1}`;
    const result = safeParseJsonWith({
      text: trimmed,
      schema: benchTaskSchema,
      subject: 'task',
    });
    if (!result.success) {
      const id = taskId(trimmed);
      const task = id === undefined ? '' : `task ${id}: `;
      throw new JanusError({
        code: 'invalid_request',
        message: `${where}: ${task}${result.error.message}`,
        cause: result.error,
      });
    }
    tasks.push(result.value);
  }
  return tasks;
}

/** The `id` of a line that failed validation, to name it in the error. */
function taskId(line: string): string | undefined {
  try {
    const id = (JSON.parse(line) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

async function inlineImages(
  task: BenchTask,
  read: (reference: string) => Promise<string>,
): Promise<void> {
  for (const message of task.messages) {
    if (!Array.isArray(message.content)) continue;
    for (const part of message.content as {
      type: string;
      image_url?: { url: string };
    }[]) {
      const url = part.type === 'image_url' ? part.image_url?.url : undefined;
      if (url && !/^(data:|https?:)/.test(url))
        part.image_url!.url = await read(url);
    }
  }
}

const MIME_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

function toDataUri(reference: string, bytes: Uint8Array): string {
  const mime =
    MIME_TYPES[extname(reference).toLowerCase()] ?? 'application/octet-stream';
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}

function checkUniqueIds(tasks: BenchTask[], suite: string): BenchTask[] {
  const seen = new Set<string>();
  for (const task of tasks) {
    if (seen.has(task.id)) {
      throw new JanusError({
        code: 'invalid_request',
        message: `Duplicate task id ${task.id} in suite ${suite}`,
      });
    }
    seen.add(task.id);
  }
  return tasks;
}
