import {
  type ChatCompletionRequest,
  JanusError,
  UpstreamError,
} from '@janus/protocol';
import { agentRule, hasAgentTools } from './agent-rule';
import { applyRequestOptions } from './apply-request-options';
import { describeAttachments } from './describe-attachments';
import { genericToolRule } from './generic-tool-rule';
import { knowledgeAnswer } from './knowledge-answer';
import { longAnswer } from './long-answer';
import { readPrompt } from './read-prompt';
import type { ScriptedReply } from './scripted-reply';

/** Longest answer `[[long N]]` produces, to keep a typo from eating memory. */
const maxLongWords = 200_000;

/**
 * Applies the documented rules (first match wins) to a request, then its
 * `response_format` and `stop` ({@link applyRequestOptions}). Pure and
 * deterministic: the same request always gives the same reply.
 */
export function planScriptedReply(
  request: ChatCompletionRequest,
): ScriptedReply {
  const reply = applyRules(request);
  return reply.kind === 'answer'
    ? applyRequestOptions({ request, reply })
    : reply;
}

function applyRules(request: ChatCompletionRequest): ScriptedReply {
  const prompt = readPrompt(request);
  const { lower } = prompt;

  // Rule 1: test hooks.
  if (lower.includes('[[fail]]')) {
    return {
      kind: 'fail',
      error: new JanusError({
        message: 'Scripted failure: the prompt contains [[fail]]',
        code: 'internal_error',
      }),
    };
  }
  if (lower.includes('[[error]]')) {
    return {
      kind: 'answer',
      rule: 'error',
      content: 'Starting an answer that will fail midway through on purpose.',
      failAfterPieces: {
        pieces: 3,
        error: new UpstreamError({
          message: 'Scripted error: the prompt contains [[error]]',
          statusCode: 502,
        }),
      },
    };
  }
  const long = /\[\[long (\d+)\]\]/.exec(lower);
  if (long) {
    const words = Math.min(Number(long[1]), maxLongWords);
    return {
      kind: 'answer',
      rule: `long ${words}`,
      content: longAnswer(words),
    };
  }

  const fallbackAnswer = () => answer(prompt.text, lower, prompt.parts).content;
  // Rule 2: the Sandy built-in agent's loop.
  if (hasAgentTools(request))
    return agentRule({ request, prompt, fallbackAnswer });
  // Rule 3: generic tool use.
  const toolReply = genericToolRule({ request, prompt });
  if (toolReply) return toolReply;
  // Rules 4–6.
  const { rule, content } = answer(prompt.text, lower, prompt.parts);
  return { kind: 'answer', rule, content };
}

function answer(
  text: string,
  lower: string,
  parts: Parameters<typeof describeAttachments>[0],
): { rule: string; content: string } {
  const attachments = describeAttachments(parts);
  if (attachments) return { rule: 'attachments', content: attachments };
  const known = knowledgeAnswer(lower);
  if (known) return { rule: 'knowledge', content: known };
  return {
    rule: 'default',
    content: `You said: "${text.slice(0, 200)}". This is the Janus scripted model, a deterministic offline stand-in for an LLM.`,
  };
}
