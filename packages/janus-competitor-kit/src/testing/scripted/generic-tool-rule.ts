import type { ChatCompletionRequest, Tool } from '@janus/protocol';
import { messageText, type Prompt } from './read-prompt';
import type { ScriptedReply } from './scripted-reply';

/**
 * Rule 3: generic tool use. Calls a tool the prompt names (or `tool_choice`
 * names, or the first tool when `tool_choice` is `required`) with arguments
 * built from its JSON schema; after a tool result, quotes it. Returns
 * `undefined` when the rule does not apply.
 */
export function genericToolRule(options: {
  request: ChatCompletionRequest;
  prompt: Prompt;
}): ScriptedReply | undefined {
  const { request, prompt } = options;
  const tools = request.tools ?? [];
  if (tools.length === 0 || request.tool_choice === 'none') return undefined;
  const afterUser = request.messages.slice(prompt.lastUserIndex + 1);
  const toolResult = afterUser
    .filter(message => message.role === 'tool')
    .at(-1);
  if (toolResult) {
    return {
      kind: 'answer',
      rule: 'tool result',
      content: `The tool returned: "${messageText(toolResult).slice(0, 500)}"`,
    };
  }
  const choice = request.tool_choice;
  const named =
    typeof choice === 'object' && choice !== null
      ? choice.function.name
      : undefined;
  const tool =
    tools.find(candidate => candidate.function.name === named) ??
    tools.find(candidate => mentions(prompt.lower, candidate.function.name)) ??
    (choice === 'required' ? tools[0] : undefined);
  if (!tool) return undefined;
  return {
    kind: 'answer',
    rule: `tool call: ${tool.function.name}`,
    toolCalls: [
      {
        name: tool.function.name,
        arguments: buildArguments(tool, prompt.text),
      },
    ],
  };
}

function mentions(lower: string, name: string): boolean {
  const lowerName = name.toLowerCase();
  return (
    lower.includes(lowerName) || lower.includes(lowerName.replace(/_/g, ' '))
  );
}

function buildArguments(tool: Tool, text: string): Record<string, unknown> {
  const properties = (tool.function.parameters?.properties ?? {}) as Record<
    string,
    { type?: string | string[]; enum?: unknown[] }
  >;
  const args: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties)) {
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (Array.isArray(schema.enum) && schema.enum.length > 0)
      args[name] = schema.enum[0];
    else if (type === 'number' || type === 'integer') {
      const number = /-?\d+(?:\.\d+)?/.exec(text)?.[0];
      args[name] =
        number === undefined
          ? 1
          : type === 'integer'
            ? Math.trunc(Number(number))
            : Number(number);
    } else if (type === 'boolean') args[name] = true;
    else if (type === 'array') args[name] = [];
    else if (type === 'object') args[name] = {};
    else args[name] = stringArgument(text, name);
  }
  return args;
}

function stringArgument(text: string, fallback: string): string {
  const quoted =
    /"([^"]+)"/.exec(text)?.[1] ??
    // Single quotes only at word edges, so apostrophes ("what's") do not count.
    /(?:^|[\s(])'([^']+)'(?=$|[\s.,;:!?)])/.exec(text)?.[1];
  if (quoted) return quoted;
  return /\b(?:in|for|of)\s+([A-ZÄÖÜ][\p{L}\d-]*)/u.exec(text)?.[1] ?? fallback;
}
