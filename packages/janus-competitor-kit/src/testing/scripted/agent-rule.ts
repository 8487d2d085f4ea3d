import type { ChatCompletionRequest } from '@janus/protocol';
import { messageText, type Prompt } from './read-prompt';
import type { ScriptedReply } from './scripted-reply';

const writeIntent =
  /\b(write|create|build|program|script|code|save|file|schreib|erstell|programm|datei)/;
const runIntent = /\b(run|execute|ausführen|ausfuehren)\b|\bführe\b.*\baus\b/;

/** Whether the request carries the Sandy built-in agent's tools. */
export function hasAgentTools(request: ChatCompletionRequest): boolean {
  const names = toolNames(request);
  return names.has('run_command') && names.has('write_file');
}

/**
 * Rule 2: the Sandy agent's loop. `k` (tool results so far) selects the step:
 * write `program.py`, run it into `artifacts/output.txt`, copy the program
 * into `artifacts/`, then finish.
 */
export function agentRule(options: {
  request: ChatCompletionRequest;
  prompt: Prompt;
  /** Answer of rules 4–6, used when the prompt asks for neither. */
  fallbackAnswer: () => string;
}): ScriptedReply {
  const { request, prompt } = options;
  const hasFinish = toolNames(request).has('finish');
  const toolMessages = request.messages.filter(
    message => message.role === 'tool',
  );
  const k = toolMessages.length;
  const done = (summary: string): ScriptedReply =>
    hasFinish
      ? {
          kind: 'answer',
          rule: 'agent: finish',
          toolCalls: [{ name: 'finish', arguments: { summary } }],
        }
      : { kind: 'answer', rule: 'agent: finish', content: summary };

  if (writeIntent.test(prompt.lower)) {
    if (k === 0) {
      return {
        kind: 'answer',
        rule: 'agent: write program',
        toolCalls: [
          {
            name: 'write_file',
            arguments: {
              path: 'program.py',
              content: pythonProgram(prompt.text),
            },
          },
        ],
      };
    }
    if (k === 1 || k === 2) {
      const command =
        k === 1
          ? 'mkdir -p artifacts && python3 program.py > artifacts/output.txt && cat artifacts/output.txt'
          : 'cp program.py artifacts/program.py && ls -la artifacts';
      return {
        kind: 'answer',
        rule: k === 1 ? 'agent: run program' : 'agent: save artifacts',
        toolCalls: [{ name: 'run_command', arguments: { command } }],
      };
    }
    return done(
      'Done: I wrote program.py, ran it with python3, saved its output to artifacts/output.txt and copied the program to artifacts/program.py.',
    );
  }
  if (runIntent.test(prompt.lower)) {
    if (k === 0) {
      const command =
        /`([^`]+)`/.exec(prompt.text)?.[1] ??
        'echo "Hello from the Janus sandbox" && uname -s';
      return {
        kind: 'answer',
        rule: 'agent: run command',
        toolCalls: [{ name: 'run_command', arguments: { command } }],
      };
    }
    const last = toolMessages[toolMessages.length - 1];
    const firstLine = (last ? messageText(last) : '').trim().split(/\r?\n/)[0];
    return done(
      `I ran the command. Its output begins with: "${firstLine ?? ''}"`,
    );
  }
  return done(options.fallbackAnswer());
}

function toolNames(request: ChatCompletionRequest): Set<string> {
  return new Set((request.tools ?? []).map(tool => tool.function.name));
}

/** A small deterministic Python 3 program derived from the prompt. */
function pythonProgram(promptText: string): string {
  const title = promptText.replace(/\s+/g, ' ').trim().slice(0, 60);
  return [
    '# Written by the Janus scripted model.',
    `print(${JSON.stringify(`Janus scripted program: ${title}`)})`,
    'for number in range(1, 11):',
    '    print(f"{number} squared is {number * number}")',
    'print("total:", sum(number * number for number in range(1, 11)))',
    '',
  ].join('\n');
}
