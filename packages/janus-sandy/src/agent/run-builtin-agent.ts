import {
  type AgentEvent,
  type AgentRunRequest,
  JanusError,
  safeParseJsonWith,
} from '@janus/protocol';
import { z } from 'zod/v4';
import type { SandboxManager } from '../core/sandbox-manager';
import type { ResolvedAgentConfig } from './agent-config';
import { agentTools, runAgentTool } from './agent-tools';
import { type AgentMessage, callLlm } from './call-llm';
import { resolveAgentLlm } from './resolve-agent-llm';
import { diffSnapshots, snapshotWorkspace } from './workspace-snapshot';

const basePrompt = `You are the Janus built-in agent, working in a Linux sandbox without network access.
Your working directory is /workspace. Use the tools: run_command (shell), write_file, read_file, and finish.
Save files meant for the user under /workspace/artifacts and link them as /artifacts/<file>.
When the task is done, call finish with the final answer.`;

/** The outcome of a built-in agent run. */
export interface BuiltinAgentResult {
  success: boolean;
  answer: string;
}

/**
 * The built-in agent: asks an OpenAI-compatible LLM for tool calls
 * (`run_command`, `write_file`, `read_file`, `finish`), runs them in the
 * sandbox and emits every step as Claude-Code-style `agent-output` messages
 * (`system` init, `assistant` with `text`/`tool_use` blocks, `user` with
 * `tool_result` blocks, a final `result`), plus `output`, `status` and
 * `files-update`. Throws on LLM failure, abort or when `maxSteps` runs out.
 */
export async function runBuiltinAgent(options: {
  manager: SandboxManager;
  sandboxId: string;
  request: AgentRunRequest;
  config: ResolvedAgentConfig;
  signal: AbortSignal;
  emit: (event: AgentEvent) => void;
}): Promise<BuiltinAgentResult> {
  const { manager, sandboxId, request, config, signal, emit } = options;
  const llm = resolveAgentLlm(request, config);
  const { model } = llm;
  const started = Date.now();
  const messages: AgentMessage[] = [
    {
      role: 'system',
      content: request.systemPrompt
        ? `${basePrompt}\n\n${request.systemPrompt}`
        : basePrompt,
    },
    { role: 'user', content: request.prompt },
  ];
  const usage = { input_tokens: 0, output_tokens: 0 };
  emit({ type: 'status', message: `Builtin agent started (model ${model})` });
  emit({
    type: 'agent-output',
    data: {
      type: 'system',
      subtype: 'init',
      model,
      cwd: '/workspace',
      tools: agentTools.map(tool => tool.function.name),
    },
  });
  for (let step = 1; step <= config.maxSteps; step++) {
    const completion = await callLlm({
      baseUrl: llm.baseUrl,
      apiKey: llm.apiKey,
      model,
      messages,
      tools: [...agentTools],
      signal: AbortSignal.any([
        signal,
        AbortSignal.timeout(config.llmTimeoutMs),
      ]),
      fetch: config.fetch,
    });
    usage.input_tokens += completion.usage?.prompt_tokens ?? 0;
    usage.output_tokens += completion.usage?.completion_tokens ?? 0;
    const message = completion.choices[0]?.message;
    const toolCalls = message?.tool_calls ?? [];
    const text = message?.content ?? '';
    const inputs = toolCalls.map(call =>
      parseArguments(call.function.arguments),
    );
    emit({
      type: 'agent-output',
      data: {
        type: 'assistant',
        message: {
          role: 'assistant',
          model,
          content: [
            ...(text ? [{ type: 'text', text }] : []),
            ...toolCalls.map((call, index) => ({
              type: 'tool_use',
              id: call.id,
              name: call.function.name,
              input: inputs[index],
            })),
          ],
        },
      },
    });
    messages.push({
      role: 'assistant',
      content: message?.content ?? null,
      ...(toolCalls.length
        ? {
            tool_calls: toolCalls.map(call => ({
              id: call.id,
              type: 'function' as const,
              function: {
                name: call.function.name,
                arguments: call.function.arguments,
              },
            })),
          }
        : {}),
    });
    if (toolCalls.length === 0) return finish({ answer: text, step });
    let finalAnswer: string | undefined;
    for (const [index, call] of toolCalls.entries()) {
      emit({ type: 'status', message: `Step ${step}: ${call.function.name}` });
      // Both can change files: a command anything, `write_file` one file,
      // which is `created` unless the snapshot had it.
      const before =
        call.function.name === 'run_command' ||
        call.function.name === 'write_file'
          ? await snapshotWorkspace(manager, sandboxId)
          : null;
      const outcome = await runAgentTool({
        manager,
        sandboxId,
        name: call.function.name,
        input: inputs[index] ?? {},
        signal,
        // Hosted Sandy clients send both; `env` wins on the same name.
        env: { ...request.envVars, ...request.env },
        emit,
      });
      const changes =
        call.function.name === 'run_command' && before
          ? diffSnapshots(before, await snapshotWorkspace(manager, sandboxId))
          : (outcome.written ?? []).map(path => ({
              path,
              changeType: before?.has(path.replace(/^\/workspace\//, ''))
                ? 'modified'
                : 'created',
            }));
      if (changes.length > 0) emit({ type: 'files-update', changes });
      emit({
        type: 'agent-output',
        data: {
          type: 'user',
          message: {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: call.id,
                content: outcome.content,
                is_error: outcome.isError,
              },
            ],
          },
        },
      });
      messages.push({
        role: 'tool',
        tool_call_id: call.id,
        content: outcome.content,
      });
      if (outcome.finalAnswer !== undefined) finalAnswer = outcome.finalAnswer;
    }
    if (finalAnswer !== undefined) return finish({ answer: finalAnswer, step });
  }
  throw new JanusError({
    message: `The builtin agent did not finish within ${config.maxSteps} steps`,
    code: 'timeout',
  });

  function finish(result: {
    answer: string;
    step: number;
  }): BuiltinAgentResult {
    emit({
      type: 'agent-output',
      data: {
        type: 'result',
        subtype: 'success',
        is_error: false,
        result: result.answer,
        num_turns: result.step,
        duration_ms: Date.now() - started,
        usage,
      },
    });
    return { success: true, answer: result.answer };
  }
}

const argumentsSchema = z.record(z.string(), z.unknown());

/** Tool arguments are JSON text from the model; invalid JSON becomes `{}` (the tool then reports what is missing). */
function parseArguments(text: string): Record<string, unknown> {
  const parsed = safeParseJsonWith({
    text: text || '{}',
    schema: argumentsSchema,
    subject: 'tool arguments',
  });
  return parsed.success ? parsed.value : {};
}
