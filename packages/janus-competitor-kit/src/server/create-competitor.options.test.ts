import { competitorHealthSchema, JanusError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { type CompetitorOptions, createCompetitor } from './create-competitor';

function competitor(extra: Partial<CompetitorOptions> = {}) {
  return createCompetitor({
    id: 'test',
    name: 'Test',
    handle: () => {},
    logger: silentLogger,
    ...extra,
  });
}

describe('createCompetitor options', () => {
  it.each([0, -1, Number.NaN, 5, 5e9, Number.POSITIVE_INFINITY, '800'])(
    'should refuse heartbeatMs %s at creation, naming it',
    heartbeatMs => {
      const create = () => competitor({ heartbeatMs: heartbeatMs as number });
      expect(create).toThrow(
        /^createCompetitor: heartbeatMs must be a number from 10 to 2147483647 \(got .+\)$/,
      );
      expect(JanusError.isInstance(catchError(create))).toBe(true);
    },
  );

  it('should take heartbeatMs at both ends of its range', () => {
    expect(() => competitor({ heartbeatMs: 10 })).not.toThrow();
    expect(() => competitor({ heartbeatMs: 2 ** 31 - 1 })).not.toThrow();
  });

  it('should report its description on /health, where the gateway reads it', async () => {
    const health = competitorHealthSchema.parse(
      await (
        await competitor({ description: 'Answers fast' }).fetch(
          new Request('http://c/health'),
        )
      ).json(),
    );
    expect(health).toMatchObject({
      name: 'Test',
      description: 'Answers fast',
    });
    const without = await (
      await competitor().fetch(new Request('http://c/health'))
    ).json();
    expect(without).not.toHaveProperty('description');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
