import type { ChatCompletionRequest } from '@janus/protocol';
import type { LlmClient } from '../llm/create-llm-client';
import { lastUserText } from './last-user-text';
import {
  agentIntentPatterns,
  codeActionPatterns,
  fileToolPatterns,
  imageToolPatterns,
  simpleFactualPatterns,
  trivialGreetings,
  urlInteractionPatterns,
} from './routing-signals';

/** Where a request goes, and why. */
export interface RoutingDecision {
  path: 'fast' | 'agent';
  /** A short machine-readable reason, e.g. `agent_intent`, `greeting`. */
  reason: string;
}

/** Options of {@link classifyRequest}. */
export interface ClassifyOptions {
  /** Prompts longer than this many words go to the agent (default 150). */
  longPromptWords?: number;
  /** Asks this LLM when no cheap signal decides (default: no LLM, fast). */
  llm?: LlmClient;
  /** Timeout of the LLM classifier in ms (default 1500); on timeout, fast. */
  llmTimeoutMs?: number;
}

/**
 * Routes a request to the fast path (direct LLM) or the agent path (Sandy).
 * Order, first match wins: `metadata.routing_decision` (`fast`/`agent` or the
 * original's `fast_*`/`agent_*`); client function tools (`tools` not empty
 * and `tool_choice` not `none`: fast, reason `client_tools`, so the LLM can
 * call them; the agent path never returns `tool_calls`); explicit intent (generation flags, asks to
 * write/run code, make files, browse or search, generate media; code, files
 * or images with an action); then greetings and short factual questions
 * (fast); long prompts (agent); the optional LLM classifier; fast.
 *
 * Deliberate difference from the original Python proof of concept: explicit intent beats
 * greetings and the factual-question shortcut, so "What is the latest news?"
 * and "hello" with `generate_image` go to the agent.
 *
 * @param request The chat request.
 * @param options See {@link ClassifyOptions}.
 * @returns The {@link RoutingDecision}.
 */
export async function classifyRequest(
  request: ChatCompletionRequest,
  options: ClassifyOptions = {},
): Promise<RoutingDecision> {
  const pinned = readPinnedDecision(request.metadata?.routing_decision);
  if (pinned) return { path: pinned, reason: 'routing_metadata' };
  // The client runs these tools itself and waits for `tool_calls`: only the
  // LLM on the fast path can produce them, whatever the prompt asks for.
  if (request.tools?.length && request.tool_choice !== 'none')
    return { path: 'fast', reason: 'client_tools' };
  const last = [...request.messages]
    .reverse()
    .find(message => message.role === 'user');
  if (!last) return { path: 'fast', reason: 'no_user_message' };
  const parts = Array.isArray(last.content) ? last.content : [];
  const text = (lastUserText(request) ?? '').toLowerCase();

  const flags = (request as { generation_flags?: Record<string, unknown> })
    .generation_flags;
  if (flags && Object.values(flags).some(value => value === true))
    return { path: 'agent', reason: 'generation_flags' };
  if (agentIntentPatterns.some(pattern => pattern.test(text)))
    return { path: 'agent', reason: 'agent_intent' };
  if (/```/.test(text) && codeActionPatterns.test(text))
    return { path: 'agent', reason: 'code_context' };
  if (
    /\bhttps?:\/\/\S+|\bwww\.\S+/.test(text) &&
    urlInteractionPatterns.test(text)
  )
    return { path: 'agent', reason: 'url_interaction' };
  if (
    parts.some(part => part.type === 'image_url') &&
    imageToolPatterns.test(text)
  )
    return { path: 'agent', reason: 'image_with_tools' };
  if (parts.some(part => part.type === 'file') && fileToolPatterns.test(text))
    return { path: 'agent', reason: 'file_with_tools' };

  const normalised = text
    .replace(/[^\p{L}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (trivialGreetings.has(normalised))
    return { path: 'fast', reason: 'greeting' };
  const words = text.split(/\s+/).filter(Boolean).length;
  if (
    words <= 15 &&
    simpleFactualPatterns.some(pattern => pattern.test(text.trim()))
  )
    return { path: 'fast', reason: 'simple_factual_query' };
  if (words > (options.longPromptWords ?? 150))
    return { path: 'agent', reason: 'long_prompt' };
  if (options.llm)
    return askLlm(options.llm, text, options.llmTimeoutMs ?? 1500);
  return { path: 'fast', reason: 'default' };
}

function readPinnedDecision(value: unknown): 'fast' | 'agent' | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === 'fast' || value.startsWith('fast_')) return 'fast';
  if (value === 'agent' || value.startsWith('agent_')) return 'agent';
  return undefined;
}

async function askLlm(
  llm: LlmClient,
  text: string,
  timeoutMs: number,
): Promise<RoutingDecision> {
  try {
    const completion = await llm.complete({
      request: {
        messages: [
          {
            role: 'system',
            content:
              'Classify the user request. Answer with one word: "agent" if it needs tools (running code, files, web, images), otherwise "fast".',
          },
          { role: 'user', content: text.slice(0, 500) },
        ],
        max_tokens: 5,
        temperature: 0,
      },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = completion.choices[0]?.message.content?.toLowerCase() ?? '';
    if (/\bagent\b/.test(answer))
      return { path: 'agent', reason: 'llm_classifier' };
    if (/\bfast\b/.test(answer))
      return { path: 'fast', reason: 'llm_classifier' };
    return { path: 'fast', reason: 'llm_classifier_unclear' };
  } catch {
    return { path: 'fast', reason: 'llm_classifier_failed' };
  }
}
