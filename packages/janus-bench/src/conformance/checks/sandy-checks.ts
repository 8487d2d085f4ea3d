import { type Artifact, janusEventSchema } from '@janus/protocol';
import {
  clip,
  framingProblems,
  streamFacts,
  unreadableStream,
} from '../stream-facts';
import type { ConformanceCheck } from '../types';

/** The agent-path stream is framed like any other and carries an answer. */
export const agentStreamCheck: ConformanceCheck = {
  id: 'agent-stream',
  title: 'Sandy path: stream framing and answer',
  async run(context) {
    const agent = await context.agentRun();
    if ('skip' in agent) return agent;
    const problems = framingProblems(agent.recording);
    if (problems.length === 0 && streamFacts(agent.recording).content === '') {
      problems.push('the agent stream carried no content');
    }
    return { problems };
  },
};

/** Janus events are valid; sandbox and tool events pair up in order. */
export const janusEventsCheck: ConformanceCheck = {
  id: 'janus-events',
  title: 'Valid, ordered Janus events',
  async run(context) {
    const agent = await context.agentRun();
    const simple = streamFacts(await context.simpleStream());
    if ('skip' in agent && simple.events.length === 0) {
      return { skip: `no Janus events to check (${agent.skip})` };
    }
    const problems: string[] = [];
    // Invalid events make their chunk invalid; name them precisely here.
    const recordings = [await context.simpleStream()];
    if ('recording' in agent) recordings.push(agent.recording);
    for (const recording of recordings) {
      for (const { part } of recording.parts) {
        if (part.type !== 'error') continue;
        const value = (
          part.error as {
            value?: { choices?: Array<{ delta?: { janus?: unknown } }> };
          }
        ).value;
        for (const choice of value?.choices ?? []) {
          const janus = choice.delta?.janus;
          if (janus != null && !janusEventSchema.safeParse(janus).success) {
            problems.push(
              `invalid Janus event: ${clip(JSON.stringify(janus))}`,
            );
          }
        }
      }
    }
    if ('recording' in agent) {
      const unreadable = unreadableStream('the agent stream', agent.recording);
      if (unreadable) problems.push(unreadable);
      else problems.push(...sequenceProblems(agent.recording));
    }
    return { problems };
  },
};

function sequenceProblems(
  recording: Parameters<typeof streamFacts>[0],
): string[] {
  const events = streamFacts(recording).events.map(e => e.event);
  const problems: string[] = [];
  const startIndex = events.findIndex(e => e.event === 'sandbox_start');
  const endIndex = events.findIndex(e => e.event === 'sandbox_end');
  if (startIndex < 0)
    problems.push('the agent stream has no sandbox_start event');
  if (endIndex < 0) problems.push('the agent stream has no sandbox_end event');
  const start = events[startIndex];
  const end = events[endIndex];
  if (start?.event === 'sandbox_start' && end?.event === 'sandbox_end') {
    if (endIndex < startIndex)
      problems.push('sandbox_end came before sandbox_start');
    if (start.payload.sandbox_id !== end.payload.sandbox_id) {
      problems.push(
        `sandbox_end names ${end.payload.sandbox_id}, sandbox_start ${start.payload.sandbox_id}`,
      );
    }
  }
  const open: Array<{ name: string; id?: string }> = [];
  for (const event of events) {
    if (event.event === 'tool_start') open.push(event.payload);
    if (event.event !== 'tool_end') continue;
    const { name, id } = event.payload;
    const match = open.findIndex(
      t => t.name === name && (id === undefined || t.id === id),
    );
    if (match < 0)
      problems.push(`tool_end '${name}' without a matching tool_start`);
    else open.splice(match, 1);
  }
  for (const tool of open)
    problems.push(`tool_start '${tool.name}' without a tool_end`);
  return problems.slice(0, 5);
}

/** Every artifact URL is fetchable and its bytes match `size_bytes` and `sha256`. */
export const artifactsCheck: ConformanceCheck = {
  id: 'artifacts',
  title: 'Artifacts fetchable, sha256 and size match',
  async run(context) {
    const agent = await context.agentRun();
    if ('skip' in agent) return agent;
    const unreadable = unreadableStream('the agent stream', agent.recording);
    if (unreadable) return { problems: [unreadable] };
    const artifacts: Artifact[] = [];
    for (const { event } of streamFacts(agent.recording).events) {
      if (event.event === 'artifacts') artifacts.push(...event.payload.items);
    }
    if (artifacts.length === 0) {
      return {
        problems: [
          'the agent prompt asked for a file, but no artifacts event arrived',
        ],
      };
    }
    const problems: string[] = [];
    for (const artifact of artifacts) {
      const label = `${artifact.display_name} (${artifact.url})`;
      const response = await context
        .fetch(context.url(artifact.url), {
          headers: context.headers(),
          signal: AbortSignal.timeout(context.timeoutMs),
        })
        .catch((error: Error) => error);
      if (response instanceof Error) {
        problems.push(`${label}: ${response.message}`);
        continue;
      }
      if (response.status !== 200) {
        problems.push(`${label}: HTTP ${response.status}`);
        await response.body?.cancel();
        continue;
      }
      const bytes = await response.arrayBuffer();
      if (bytes.byteLength !== artifact.size_bytes) {
        problems.push(
          `${label}: ${bytes.byteLength} bytes, size_bytes says ${artifact.size_bytes}`,
        );
      }
      const sha256 = await sha256Hex(bytes);
      if (sha256 !== artifact.sha256) {
        problems.push(
          `${label}: sha256 ${sha256.slice(0, 12)}… != ${artifact.sha256.slice(0, 12)}…`,
        );
      }
    }
    return { problems };
  },
};

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), b =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
