import {
  type AgentOutputMessage,
  agentOutputMessageSchema,
  type Usage,
} from '@janus/protocol';
import type { SandyAgentEvent } from '../sandy/create-sandy-client';
import type { CompletionStream } from '../server/completion-stream';
import { truncate } from './truncate';

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');
// Agent-CLI chatter the original drops too (§3.4 noise filter).
const noise =
  /Pre-flight check is taking longer than expected|Running Claude Code with model/;

type Block = { type: string; [key: string]: unknown };

/** @internal What the mapper learnt by the end of the run. */
export interface AgentRunState {
  /** Content streamed to the client. */
  content: string;
  /** `complete.success`, or false after an `error` event. */
  success: boolean;
  /** Whether a `complete` event ended the run. */
  completed: boolean;
}

/**
 * @internal Maps Sandy `agent/run` events onto the stream like the original
 * baseline (reference §3.4): status/output/files/heartbeats/errors →
 * reasoning; assistant text → content (narration next to a `tool_use` →
 * reasoning, so the answer stays clean); `tool_use`/`tool_result` →
 * reasoning lines plus Janus `tool_start`/`tool_end`; thinking → reasoning;
 * `result` → content, de-duplicated against what was already streamed;
 * `result.usage` → usage, priced with `options.price` when the agent gave
 * no `total_cost_usd`.
 */
export function createAgentEventMapper(options: {
  stream: CompletionStream;
  /** Adds `cost_usd` to token usage the agent reported without one. */
  price?: (usage: Usage) => Usage;
}): {
  map(event: SandyAgentEvent): void;
  state: AgentRunState;
} {
  const { stream } = options;
  const state: AgentRunState = { content: '', success: true, completed: false };
  const toolNames = new Map<string, string>();
  const reasoning = (text: string) => {
    const clean = text.replace(ansi, '');
    if (clean.trim() && !noise.test(clean))
      stream.reasoning(clean.endsWith('\n') ? clean : `${clean}\n`);
  };
  const content = (text: string) => {
    if (!text) return;
    state.content += text;
    stream.content(text);
  };
  const result = (text: string) => {
    // The final `result` repeats text already streamed by assistant messages.
    if (!state.content) content(text);
    else if (text.startsWith(state.content))
      content(text.slice(state.content.length));
  };

  const message = (data: AgentOutputMessage) => {
    const blocks: Block[] = Array.isArray(data.message?.content)
      ? (data.message.content as Block[])
      : [];
    switch (data.type) {
      case 'assistant': {
        const narrating = blocks.some(block => block.type === 'tool_use');
        for (const block of blocks) {
          if (block.type === 'text' && typeof block.text === 'string') {
            if (narrating) reasoning(block.text);
            else content(block.text);
          } else if (
            block.type === 'thinking' &&
            typeof block.thinking === 'string'
          ) {
            reasoning(block.thinking);
          } else if (block.type === 'tool_use') {
            const name = String(block.name ?? 'tool');
            const id = typeof block.id === 'string' ? block.id : undefined;
            if (id) toolNames.set(id, name);
            reasoning(`Using tool: ${name}: ${describeInput(block.input)}`);
            stream.event('tool_start', {
              name,
              input: block.input,
              ...(id && { id }),
            });
          }
        }
        return;
      }
      case 'user':
        for (const block of blocks) {
          if (block.type !== 'tool_result') continue;
          const id =
            typeof block.tool_use_id === 'string'
              ? block.tool_use_id
              : undefined;
          const output = truncate(resultText(block.content), 500);
          reasoning(`Tool output:\n${output}`);
          stream.event('tool_end', {
            name: (id && toolNames.get(id)) || 'tool',
            ok: block.is_error !== true,
            output,
            ...(id && { id }),
          });
        }
        return;
      case 'result':
        if (typeof data.result === 'string') result(data.result);
        if (data.is_error) state.success = false;
        if (data.usage) {
          const prompt = data.usage.input_tokens ?? 0;
          const completion = data.usage.output_tokens ?? 0;
          const usage: Usage = {
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
          };
          stream.usage(
            data.total_cost_usd !== undefined
              ? { ...usage, cost_usd: data.total_cost_usd }
              : (options.price?.(usage) ?? usage),
          );
        }
        return;
      case 'stream_event':
        content(streamEventText(data.event));
        return;
      case 'system':
        if (data.subtype) reasoning(`Agent ${data.subtype}`);
        return;
    }
  };

  const map = (event: SandyAgentEvent) => {
    switch (event.type) {
      case 'status':
        return reasoning(event.message);
      case 'output':
        return reasoning(event.text);
      case 'agent-output':
        return message(event.data);
      case 'files-update':
        if (event.changes?.length)
          reasoning(
            `Files changed: ${event.changes.map(change => `${change.path} (${change.changeType ?? 'changed'})`).join(', ')}`,
          );
        return;
      case 'heartbeat':
        if ((event.elapsed ?? 0) > 10 && !state.content)
          reasoning(`⏳ Agent working... (${Math.round(event.elapsed ?? 0)}s)`);
        return;
      case 'complete':
        state.completed = true;
        state.success &&= event.success;
        return reasoning(
          `Agent completed (${event.success ? 'success' : 'failed'})${event.duration != null ? ` in ${event.duration}s` : ''}`,
        );
      case 'error':
        state.success = false;
        return reasoning(`Error: ${event.error}`);
      case 'unknown': {
        const raw = event.raw;
        if (raw.type === 'retry')
          return reasoning(
            'Operation taking longer than expected, retrying...',
          );
        // Hosted Sandy sends the final `result` at the top level: the same
        // message as an `agent-output` one (answer, is_error, usage, cost).
        if (raw.type === 'result') {
          const parsed = agentOutputMessageSchema.safeParse(raw);
          if (parsed.success) message(parsed.data);
          return;
        }
        if (raw.type === 'stream_event')
          return content(streamEventText(raw.event));
        return;
      }
    }
  };
  return { map, state };
}

function describeInput(input: unknown): string {
  if (input && typeof input === 'object') {
    const fields = input as Record<string, unknown>;
    const value =
      fields.command ?? fields.path ?? fields.file_path ?? fields.url;
    if (typeof value === 'string') return truncate(value, 200);
  }
  return truncate(JSON.stringify(input ?? {}), 200);
}

function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value
      .map(part =>
        part && typeof part === 'object' && typeof part.text === 'string'
          ? part.text
          : '',
      )
      .join('');
  return '';
}

function streamEventText(event: unknown): string {
  const delta = (
    event as { delta?: { text?: unknown; content?: unknown } } | undefined
  )?.delta;
  const text = delta?.text ?? delta?.content;
  return typeof text === 'string' ? text : '';
}
