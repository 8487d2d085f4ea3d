import { type AgentRunRequest, JanusError } from '@janus/protocol';
import { invalidRequest } from '../core/sandy-errors';
import { chatCompletionsUrl, type ResolvedAgentConfig } from './agent-config';

/** The LLM endpoint, key and model one agent run uses. */
export interface AgentLlm {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

type LlmRequest = Pick<AgentRunRequest, 'apiBaseUrl' | 'apiKey' | 'model'>;

/**
 * Checks a client-chosen `apiBaseUrl` against the operator's
 * `clientBaseUrls` policy (400 `invalid_request` on `apiBaseUrl` when it is
 * refused). The operator's own base URL is always accepted.
 *
 * @internal
 */
export function checkClientBaseUrl(
  request: LlmRequest,
  config: ResolvedAgentConfig,
): void {
  const chosen = request.apiBaseUrl;
  if (chosen === undefined || isOperatorUrl(chosen, config)) return;
  let url: URL;
  try {
    url = new URL(chosen);
  } catch {
    throw invalidRequest('apiBaseUrl is not a valid URL', 'apiBaseUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw invalidRequest('apiBaseUrl must be an http(s) URL', 'apiBaseUrl');
  const policy = config.clientBaseUrls;
  if (policy === 'any') return;
  if (policy === 'none')
    throw invalidRequest(
      'This Sandy does not accept apiBaseUrl: its builtin agent uses the LLM it was configured with',
      'apiBaseUrl',
    );
  const path = url.pathname.replace(/\/+$/, '');
  const listed = policy.some(entry => {
    const prefix = entry.pathname.replace(/\/+$/, '');
    return (
      entry.origin === url.origin &&
      (path === prefix || path.startsWith(`${prefix}/`))
    );
  });
  if (!listed)
    throw invalidRequest(
      "apiBaseUrl is not on this Sandy's allow-list of LLM endpoints",
      'apiBaseUrl',
    );
}

/**
 * Picks the run's LLM. The operator's key (`llm.apiKey`) goes only to the
 * operator's base URL: a client-chosen `apiBaseUrl` gets the client's
 * `apiKey` or none, so a request cannot make Sandy send the operator's
 * credentials to a host of its choosing.
 *
 * @internal
 */
export function resolveAgentLlm(
  request: LlmRequest,
  config: ResolvedAgentConfig,
): AgentLlm {
  checkClientBaseUrl(request, config);
  const baseUrl = request.apiBaseUrl ?? config.llm.baseUrl;
  const model = request.model ?? config.llm.model;
  if (!baseUrl || !model)
    throw new JanusError({
      message:
        'No LLM configured for the builtin agent: send apiBaseUrl and model in the agent/run request, ' +
        'or start the service with JANUS_SANDY_LLM_BASE_URL and JANUS_SANDY_LLM_MODEL (and JANUS_SANDY_LLM_API_KEY)',
      code: 'invalid_request',
    });
  const operatorEndpoint =
    request.apiBaseUrl === undefined || isOperatorUrl(baseUrl, config);
  const apiKey =
    request.apiKey ?? (operatorEndpoint ? config.llm.apiKey : undefined);
  return { baseUrl, model, ...(apiKey ? { apiKey } : {}) };
}

function isOperatorUrl(baseUrl: string, config: ResolvedAgentConfig): boolean {
  if (!config.llm.baseUrl) return false;
  try {
    return (
      chatCompletionsUrl(baseUrl) === chatCompletionsUrl(config.llm.baseUrl)
    );
  } catch {
    return false;
  }
}
