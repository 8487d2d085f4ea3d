import { JanusError, UpstreamError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { ArtifactRefusedError } from './artifact-refused-error';

describe('ArtifactRefusedError', () => {
  it('should be a payload_too_large JanusError with its message and cause', () => {
    const cause = new Error('QuotaExceeded');
    const error = new ArtifactRefusedError({
      message: 'bucket: a.bin does not fit',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect([error.name, error.code, error.message, error.cause]).toEqual([
      'ArtifactRefusedError',
      'payload_too_large',
      'bucket: a.bin does not fit',
      cause,
    ]);
    expect(JanusError.isInstance(error)).toBe(true);
    expect(ArtifactRefusedError.isInstance(error)).toBe(true);
  });

  it('should tell a refusal from other errors, a bare payload_too_large included', () => {
    for (const other of [
      new JanusError({ message: 'too large', code: 'payload_too_large' }),
      new UpstreamError({ message: 'x', statusCode: 413 }),
      new Error('x'),
      { code: 'payload_too_large' },
      undefined,
    ])
      expect(ArtifactRefusedError.isInstance(other)).toBe(false);
  });

  it('should recognise a refusal from another copy of the kit by its Symbol.for marker', () => {
    // What a second installed copy's instance looks like from here: not
    // `instanceof`, but branded with the same global symbols.
    const foreign = Object.assign(new Error('bucket: full'), {
      [Symbol.for('janus.error')]: true,
      [Symbol.for('janus.error.ArtifactRefusedError')]: true,
      code: 'payload_too_large',
    });
    expect(foreign).not.toBeInstanceOf(ArtifactRefusedError);
    expect(ArtifactRefusedError.isInstance(foreign)).toBe(true);
  });
});
