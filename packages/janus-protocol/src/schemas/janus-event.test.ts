import { describe, expect, it } from 'vitest';
import { validArtifact } from './__fixtures__/index';
import { janusEventSchema } from './janus-event';

const events = {
  sandbox_start: { sandbox_id: 'sbx_1' },
  sandbox_end: { sandbox_id: 'sbx_1', duration_ms: 5230 },
  tool_start: { name: 'run_command', input: { command: 'ls' }, id: 't1' },
  tool_end: { name: 'run_command', ok: false, output: 'exit 1', id: 't1' },
  artifacts: { items: [validArtifact] },
  screenshot: { url: '/v1/artifacts/artf_1', title: 'Page' },
  status: { message: 'Working' },
};
const minimal = {
  sandbox_start: { sandbox_id: 's' },
  sandbox_end: { sandbox_id: 's', duration_ms: 0 },
  tool_start: { name: 'n' },
  tool_end: { name: 'n', ok: true },
  artifacts: { items: [] },
  screenshot: { url: 'data:image/png;base64,' },
  status: { message: '' },
};

describe('janusEventSchema', () => {
  it.each(Object.entries(events))('should accept %s', (event, payload) => {
    expect(janusEventSchema.parse({ event, payload })).toEqual({
      event,
      payload,
    });
    const small = minimal[event as keyof typeof minimal];
    expect(janusEventSchema.parse({ event, payload: small })).toEqual({
      event,
      payload: small,
    });
  });

  it.each(Object.entries(events))(
    'should reject an extra payload field on %s',
    (event, payload) => {
      const result = janusEventSchema.safeParse({
        event,
        payload: { ...payload, surprise: 1 },
      });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    },
  );

  it('should reject unknown events, extra top-level fields and missing payload fields', () => {
    for (const value of [
      { event: 'sandbox_pause', payload: {} },
      { event: 'status', payload: { message: 'x' }, extra: 1 },
      { event: 'sandbox_end', payload: { sandbox_id: 's' } },
      { event: 'tool_end', payload: { name: 'n' } },
      { event: 'sandbox_end', payload: { sandbox_id: 's', duration_ms: -1 } },
      {
        event: 'artifacts',
        payload: { items: [{ ...validArtifact, url: '' }] },
      },
    ])
      expect(janusEventSchema.safeParse(value).success).toBe(false);
  });
});
