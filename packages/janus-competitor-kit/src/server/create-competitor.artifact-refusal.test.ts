import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JanusError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { createArtifactStore } from '../artifacts/create-artifact-store';
// A miner's store imports the error from the package root, as here.
import { ArtifactRefusedError } from '../index';
import { silentLogger } from '../logger/logger';
import { createFileArtifactStore } from '../node/create-file-artifact-store';
import { serve } from '../node/serve';
import { createCompetitor } from './create-competitor';

async function ask(options: {
  artifacts: Parameters<typeof createCompetitor>[0]['artifacts'];
  stream: boolean;
  handle?: Parameters<typeof createCompetitor>[0]['handle'];
}) {
  const competitor = createCompetitor({
    id: 'test',
    name: 'Test',
    logger: silentLogger,
    artifacts: options.artifacts,
    handle:
      options.handle ??
      (async (_request, stream, context) => {
        const artifact = await context.artifacts.put({
          name: 'report.pdf',
          bytes: new Uint8Array(5000),
        });
        stream.artifacts([artifact]);
      }),
  });
  const server = await serve({ competitor, port: 0 });
  try {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'test',
        stream: options.stream,
        messages: [{ role: 'user', content: 'make me a report' }],
      }),
    });
    return { status: response.status, body: await response.json() };
  } finally {
    await server.close();
  }
}

describe('createCompetitor: an artifact the store refuses', () => {
  it.each([false, true])(
    'should answer a server error, not 413 to a client whose request was small (stream: %s)',
    async stream => {
      const { status, body } = await ask({
        artifacts: createArtifactStore({ maxBytes: 1000 }),
        stream,
      });
      // 413 `invalid_request_error` told the client its request was too large.
      expect(status).toBe(500);
      expect(body.error).toMatchObject({
        type: 'api_error',
        code: 'internal_error',
        message: expect.stringMatching(
          /^The competitor could not store an artifact: .*report\.pdf does not fit/,
        ),
      });
    },
  );

  it('should do the same for the file store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'janus-refusal-'));
    try {
      const { status, body } = await ask({
        artifacts: createFileArtifactStore({ dir, maxArtifactBytes: 1000 }),
        stream: false,
      });
      expect(status).toBe(500);
      expect(body.error.message).toMatch(
        /^The competitor could not store an artifact: .*over maxArtifactBytes/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([false, true])(
    'should do the same for a custom store that refuses with ArtifactRefusedError (stream: %s)',
    async stream => {
      // A store of the miner's own (an object storage bucket, say) over quota.
      const bucket: ArtifactStore = {
        ...createArtifactStore(),
        async put(options) {
          throw new ArtifactRefusedError({
            message: `bucket: ${options.name} does not fit: the quota is reached`,
            cause: new Error('QuotaExceeded'),
          });
        },
      };
      const { status, body } = await ask({ artifacts: bucket, stream });
      expect(status).toBe(500);
      expect(body.error).toMatchObject({
        type: 'api_error',
        code: 'internal_error',
        message:
          'The competitor could not store an artifact: bucket: report.pdf does not fit: the quota is reached',
      });
    },
  );

  it("should keep a handler's own payload_too_large (about the request) as 413", async () => {
    const { status, body } = await ask({
      artifacts: createArtifactStore(),
      stream: false,
      handle: async () => {
        throw new JanusError({
          message: 'The attachment is over 10 MB',
          code: 'payload_too_large',
        });
      },
    });
    expect(status).toBe(413);
    expect(body.error.message).toBe('The attachment is over 10 MB');
  });
});
