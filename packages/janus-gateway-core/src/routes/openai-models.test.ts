import OpenAI, { NotFoundError } from 'openai';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../../test/test-gateway';

// A Node socket test: the edge-runtime project (root-entry tests) skips it.
const isEdgeRuntime =
  typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime === 'string';

/**
 * The official client's `models.list()` and `models.retrieve(id)` against a
 * gateway on a real socket (Node adapter; the competitors are never called).
 */
describe.skipIf(isEdgeRuntime)(
  'GET /v1/models/:id: official openai client',
  () => {
    it('should retrieve the model the list holds, and raise NotFoundError otherwise', async () => {
      await using gateway = await startTestGateway({
        competitors: [
          { id: 'alpha', url: 'http://127.0.0.1:9', name: 'Alpha' },
          { id: 'team:beta', url: 'http://127.0.0.1:9' },
          { id: 'off', url: 'http://127.0.0.1:9', enabled: false },
        ],
      });
      const openai = new OpenAI({
        baseURL: `${gateway.url}/v1`,
        apiKey: 'sk-client',
        maxRetries: 0,
      });
      const listed = [];
      for await (const model of openai.models.list()) listed.push(model);
      expect(listed.map(model => model.id)).toEqual(['alpha', 'team:beta']);
      for (const expected of listed) {
        const model = await openai.models.retrieve(expected.id);
        expect(model).toEqual(expected);
      }
      expect(await openai.models.retrieve('alpha')).toMatchObject({
        id: 'alpha',
        object: 'model',
        owned_by: 'alpha',
        janus: { name: 'Alpha' },
      });
      for (const id of ['nope', 'off', 'a/b c']) {
        const error = await openai.models
          .retrieve(id)
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error).toMatchObject({
          status: 404,
          code: 'model_not_found',
          param: 'model',
          type: 'invalid_request_error',
        });
      }
    });
  },
);
