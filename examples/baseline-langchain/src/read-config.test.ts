import { describe, expect, it } from 'vitest';
import { readConfig } from './read-config';

describe('readConfig', () => {
  it('should default PORT and HOST when unset or empty', () => {
    for (const env of [{}, { PORT: '', HOST: '' }, { PORT: ' ', HOST: ' ' }])
      expect(readConfig(env)).toMatchObject({ port: 8002, host: '127.0.0.1' });
  });

  it('should read the PORT and HOST it is given', () => {
    expect(readConfig({ PORT: '0', HOST: '0.0.0.0' })).toMatchObject({
      port: 0,
      host: '0.0.0.0',
    });
  });

  it('should refuse a PORT that is not a whole number from 0 to 65535', () => {
    for (const port of ['abc', '-1', '1.5', '65536', '8001x'])
      expect(() => readConfig({ PORT: port }), port).toThrow(
        `Invalid PORT '${port}': expected a whole number from 0 to 65535`,
      );
  });
});
