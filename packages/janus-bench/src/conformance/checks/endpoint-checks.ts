import {
  competitorHealthSchema,
  gatewayHealthSchema,
  modelListSchema,
} from '@janus/protocol';
import { clip } from '../stream-facts';
import type { ConformanceCheck } from '../types';
import { bodySchemaProblems, schemaProblems } from './schema-problems';

/** `GET /health` answers 200 with a competitor or gateway health body. */
export const healthCheck: ConformanceCheck = {
  id: 'health',
  title: 'GET /health shape',
  async run(context) {
    const health = await context.health();
    if (health.status !== 200) {
      return {
        problems: [
          `expected HTTP 200, got ${health.status}: ${clip(health.text)}`,
        ],
      };
    }
    if (health.json === undefined) {
      return {
        problems: bodySchemaProblems({
          exchange: health,
          schema: competitorHealthSchema,
          subject: 'competitor health',
        }),
      };
    }
    if (
      typeof health.json !== 'object' ||
      health.json === null ||
      Array.isArray(health.json)
    ) {
      return {
        problems: [
          `/health did not return a JSON object: ${clip(health.text)}`,
        ],
      };
    }
    // A gateway lists its competitors; a competitor describes itself.
    const isGateway = Array.isArray(
      (health.json as { competitors?: unknown }).competitors,
    );
    return {
      problems: schemaProblems({
        schema: isGateway ? gatewayHealthSchema : competitorHealthSchema,
        value: health.json,
        subject: isGateway ? 'gateway health' : 'competitor health',
      }),
    };
  },
};

/**
 * `GET /v1/models` answers 200 with an OpenAI model list of at least one
 * model. A `model` option the list does not hold is a note, not a failure:
 * a gateway routes unknown models to its default competitor, so a typo
 * would otherwise pass every check against the wrong one.
 */
export const modelsCheck: ConformanceCheck = {
  id: 'models',
  title: 'GET /v1/models shape',
  async run(context) {
    const models = await context.request('/v1/models');
    if (models.status !== 200) {
      return {
        problems: [
          `expected HTTP 200, got ${models.status}: ${clip(models.text)}`,
        ],
      };
    }
    const problems = bodySchemaProblems({
      exchange: models,
      schema: modelListSchema,
      subject: 'model list',
    });
    const data = (models.json as { data?: unknown[] } | undefined)?.data;
    if (problems.length === 0 && Array.isArray(data) && data.length === 0) {
      problems.push('the model list is empty');
    }
    const model = context.explicitModel;
    const ids = Array.isArray(data)
      ? data.map(entry => (entry as { id?: unknown } | null)?.id)
      : undefined;
    if (model !== undefined && ids !== undefined && !ids.includes(model))
      return {
        problems,
        note: `model '${model}' is not listed in /v1/models; the target may route it to a default`,
      };
    return { problems };
  },
};
