import { chatCompletionSchema } from '@janus/protocol';
import { detectErrorAsContent } from '../../runner/detect-error-as-content';
import {
  clip,
  framingProblems,
  streamFacts,
  unreadableStream,
} from '../stream-facts';
import type { ConformanceCheck } from '../types';
import { bodySchemaProblems } from './schema-problems';

/**
 * Role first, valid chunks, a finish_reason, `[DONE]` last, nothing after;
 * and an answer, not an error message streamed as its text.
 */
export const streamFramingCheck: ConformanceCheck = {
  id: 'stream-framing',
  title: 'Stream framing (role, chunks, finish, [DONE])',
  async run(context) {
    const recording = await context.simpleStream();
    const problems = framingProblems(recording);
    if (problems.length > 0) return { problems };
    const facts = streamFacts(recording);
    if (facts.content === '') problems.push('the stream carried no content');
    const dressed = errorAsContent(facts.content, facts.toolCalls);
    if (dressed) problems.push(`the stream ${dressed}`);
    return { problems };
  },
};

/**
 * The bench's `error_as_content` rule for a valid prompt's answer: a
 * competitor that caught a failure (its LLM down, say) and sent the error
 * text as the answer, instead of an error status or error event.
 */
function errorAsContent(
  content: string,
  toolCalls: number,
): string | undefined {
  const shape = detectErrorAsContent({ content, toolCalls });
  return shape === undefined
    ? undefined
    : `carried an error message as its answer (${shape}) instead of an error status or error event: '${clip(content)}'`;
}

/** With `include_usage`, a `choices: []` usage chunk comes last before `[DONE]`. */
export const streamUsageCheck: ConformanceCheck = {
  id: 'stream-usage',
  title: 'Usage chunk when include_usage is set',
  async run(context) {
    const recording = await context.simpleStream();
    const unreadable = unreadableStream('the stream', recording);
    if (unreadable) return { problems: [unreadable] };
    const { chunks } = streamFacts(recording);
    const withUsage = chunks.filter(({ chunk }) => chunk.usage != null);
    const usageChunk = withUsage.at(-1)?.chunk;
    if (usageChunk?.usage == null) {
      return {
        problems: [
          'no chunk carries usage although stream_options.include_usage was set',
        ],
      };
    }
    const problems: string[] = [];
    if (usageChunk.choices.length !== 0) {
      problems.push(
        `the usage chunk has ${usageChunk.choices.length} choices, expected []`,
      );
    }
    if (chunks.at(-1)?.chunk !== usageChunk) {
      problems.push('the usage chunk is not the last chunk before [DONE]');
    }
    const usage = usageChunk.usage;
    if (usage.total_tokens !== usage.prompt_tokens + usage.completion_tokens) {
      problems.push(
        `total_tokens ${usage.total_tokens} != prompt_tokens ${usage.prompt_tokens} + completion_tokens ${usage.completion_tokens}`,
      );
    }
    return { problems };
  },
};

/** The same prompt non-streamed: a valid `chat.completion` with the same answer. */
export const nonStreamCheck: ConformanceCheck = {
  id: 'non-stream',
  title: 'Non-streamed answer shape',
  async run(context) {
    const completion = await context.simpleCompletion();
    if (completion.status !== 200) {
      return {
        problems: [
          `expected HTTP 200, got ${completion.status}: ${clip(completion.text)}`,
        ],
      };
    }
    const problems = bodySchemaProblems({
      exchange: completion,
      schema: chatCompletionSchema,
      subject: 'chat.completion',
    });
    if (problems.length > 0) return { problems };
    const parsed = chatCompletionSchema.parse(completion.json);
    const content = parsed.choices[0]?.message.content ?? '';
    if (content === '') problems.push('choices[0].message.content is empty');
    const dressed = errorAsContent(
      content,
      parsed.choices[0]?.message.tool_calls?.length ?? 0,
    );
    if (dressed) problems.push(`the answer ${dressed}`);
    if (parsed.choices[0]?.finish_reason == null)
      problems.push('choices[0].finish_reason is null');
    // Only a deterministic (scripted) model promises identical answers.
    if (problems.length === 0 && (await context.isScripted())) {
      const recording = await context.simpleStream();
      // An unreadable stream is stream-framing's failure; read as '' here,
      // it would blame this valid answer for differing from nothing.
      const unreadable = unreadableStream('the streamed answer', recording);
      if (unreadable)
        return {
          skip: `the answer is a valid chat.completion, but not compared with the streamed one: ${unreadable}`,
        };
      const streamed = streamFacts(recording).content;
      if (streamed !== content) {
        problems.push(
          `content differs from the streamed answer: '${clip(content, 60)}' vs '${clip(streamed, 60)}'`,
        );
      }
    }
    return { problems };
  },
};

/** Where a stream has both, the first reasoning comes before the first content. */
export const reasoningOrderCheck: ConformanceCheck = {
  id: 'reasoning-order',
  title: 'Reasoning before content',
  async run(context) {
    const recordings = [await context.simpleStream()];
    const agent = await context.agentRun();
    if ('recording' in agent) recordings.push(agent.recording);
    let compared = 0;
    const problems: string[] = [];
    for (const recording of recordings) {
      const facts = streamFacts(recording);
      if (facts.firstReasoning < 0 || facts.firstContent < 0) continue;
      compared++;
      if (facts.firstReasoning > facts.firstContent) {
        problems.push(
          `content (part ${facts.firstContent}) came before reasoning (part ${facts.firstReasoning})`,
        );
      }
    }
    if (compared === 0)
      return { skip: 'no stream carried both reasoning and content' };
    return { problems };
  },
};
