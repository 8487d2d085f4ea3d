import type { CompletionStream, Sandbox } from '@janus/competitor-kit';
import type { Usage } from '@janus/protocol';
import {
  type AIMessageChunk,
  type BaseMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import type { StructuredToolInterface } from '@langchain/core/tools';
import type { ChatOpenAI } from '@langchain/openai';
import { createSandboxTools } from './create-sandbox-tools';
import { toLlmError } from './to-llm-error';

/** The agent's instructions (the model sees them as the first message). */
export const AGENT_SYSTEM_PROMPT = [
  'You are a coding agent working in a Linux sandbox. Use the tools to write files and run commands',
  'in /workspace. Save every file the user should get under artifacts/ (relative to /workspace).',
  'When done, answer the user briefly: what you did and which files you produced.',
].join(' ');

/**
 * The LangChain tool-calling loop: the model (with the sandbox tools bound)
 * streams a step; its reasoning goes to `reasoning`, its text to `content`
 * when the step makes no tool call, else to `reasoning` (thinking aloud);
 * each tool call becomes `tool_start`, a reasoning line, the tool run in the
 * sandbox, and `tool_end`; the results go back to the model until it
 * answers without tool calls or `maxSteps` is reached.
 *
 * @param options.model The `ChatOpenAI` model.
 * @param options.messages The conversation (LangChain messages).
 * @param options.sandbox Where the tools run.
 * @param options.stream The competitor's stream writer.
 * @param options.signal Aborts the model call (client disconnect).
 * @param options.maxSteps Model round trips (default 12).
 * @returns Token usage summed over the steps.
 */
export async function runLangChainAgent(options: {
  model: ChatOpenAI;
  messages: BaseMessage[];
  sandbox: Sandbox;
  stream: CompletionStream;
  signal: AbortSignal;
  maxSteps?: number;
}): Promise<
  Pick<Usage, 'prompt_tokens' | 'completion_tokens' | 'total_tokens'>
> {
  const { stream, signal } = options;
  const tools = createSandboxTools({ sandbox: options.sandbox, stream });
  const byName = new Map<string, StructuredToolInterface>(
    tools.map(entry => [entry.name, entry]),
  );
  const model = options.model.bindTools(tools);
  const messages: BaseMessage[] = [
    new SystemMessage(AGENT_SYSTEM_PROMPT),
    ...options.messages,
  ];
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const maxSteps = options.maxSteps ?? 12;
  let answered = false;
  for (let step = 1; step <= maxSteps; step++) {
    let message: AIMessageChunk | undefined;
    // The text of a turn that ends in tool calls is the model thinking aloud,
    // not the answer (as in agent-cli, whose agent reports whole turns), and
    // a turn's first tool-call chunk may come after its text. So the text is
    // held until the turn shows a tool call (then it, and any text after it,
    // goes to reasoning) or ends without one (then it is the answer). The
    // kit's heartbeat keeps the stream alive meanwhile.
    let held = '';
    let thinking = '';
    try {
      for await (const chunk of await model.stream(messages, { signal })) {
        message = message === undefined ? chunk : message.concat(chunk);
        const reasoning = chunk.additional_kwargs?.reasoning_content;
        if (typeof reasoning === 'string') stream.reasoning(reasoning);
        const text = typeof chunk.content === 'string' ? chunk.content : '';
        if ((message.tool_call_chunks?.length ?? 0) === 0) held += text;
        else {
          thinking += held + text;
          if (held + text) stream.reasoning(held + text);
          held = '';
        }
        await stream.ready();
      }
    } catch (error) {
      throw toLlmError(error);
    }
    if (message === undefined) break;
    if (held) stream.content(held);
    // The tools' own reasoning lines start on a line of their own.
    if (thinking && !thinking.endsWith('\n')) stream.reasoning('\n');
    usage.prompt_tokens += message.usage_metadata?.input_tokens ?? 0;
    usage.completion_tokens += message.usage_metadata?.output_tokens ?? 0;
    messages.push(message);
    const calls = message.tool_calls ?? [];
    if (calls.length === 0) {
      answered = true;
      break;
    }
    for (const [index, call] of calls.entries()) {
      // The model's call id, which the tool result answers and the tool's
      // events carry. LangChain drops streamed calls without an id (as
      // invalid_tool_calls), and the baseline's model fetch gives the LLM's
      // id-less calls one (create-tool-call-id-repair-fetch.ts), so the
      // fallback is defensive; it is unique in the run, so two events never
      // share it.
      const id = call.id || `call_${step}_${index}`;
      const selected = byName.get(call.name);
      let output = `Error: unknown tool ${call.name}`;
      try {
        // Invoked with the ToolCall, so the tool knows its id; it reports
        // itself (tool_start, output, tool_end) and answers a ToolMessage.
        if (selected)
          output = toolOutput(
            await selected.invoke({ ...call, id, type: 'tool_call' } as never, {
              signal,
            }),
          );
      } catch (error) {
        // Bad arguments or a failed tool: the model sees the error and may retry.
        if (signal.aborted) throw error;
        output = `Error: ${error instanceof Error ? error.message : String(error)}`;
      }
      messages.push(new ToolMessage({ content: output, tool_call_id: id }));
    }
  }
  if (!answered && !signal.aborted) {
    stream.content(
      `I stopped after ${maxSteps} steps without reaching a final answer.`,
    );
  }
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return usage;
}

/** The text a tool answered, from the ToolMessage a ToolCall invocation returns. */
function toolOutput(result: unknown): string {
  if (!ToolMessage.isInstance(result)) return String(result);
  return typeof result.content === 'string'
    ? result.content
    : JSON.stringify(result.content);
}
