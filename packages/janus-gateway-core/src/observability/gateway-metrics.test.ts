import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './gateway-metrics';

const samples = (text: string) =>
  text.split('\n').filter(line => line !== '' && !line.startsWith('#'));

describe('GatewayMetrics', () => {
  it('should count requests, errors, retries, failovers and streams per label set', () => {
    const metrics = new GatewayMetrics();
    metrics.countRequest({ competitor: 'alpha', status: 200 });
    metrics.countRequest({ competitor: 'alpha', status: 200 });
    metrics.countRequest({ competitor: 'alpha', status: 502 });
    metrics.countRequest({ competitor: 'beta', status: 200 });
    metrics.countError({ competitor: 'alpha', code: 'upstream_error' });
    metrics.countRetry('alpha');
    metrics.countRetry('alpha');
    metrics.countFailover({ from: 'alpha', to: 'beta' });
    metrics.trackStream('alpha', 1);
    metrics.trackStream('alpha', 1);
    metrics.trackStream('alpha', -1);
    expect(samples(metrics.render())).toEqual([
      'janus_gateway_requests_total{competitor="alpha",status="200"} 2',
      'janus_gateway_requests_total{competitor="alpha",status="502"} 1',
      'janus_gateway_requests_total{competitor="beta",status="200"} 1',
      'janus_gateway_errors_total{competitor="alpha",code="upstream_error"} 1',
      'janus_gateway_streams_in_flight{competitor="alpha"} 1',
      'janus_gateway_upstream_retries_total{competitor="alpha"} 2',
      'janus_gateway_failovers_total{from="alpha",to="beta"} 1',
    ]);
  });

  it('should put each TTFT in every bucket at or above it, with sum and count', () => {
    const metrics = new GatewayMetrics();
    metrics.observeTtft('alpha', 4); // 0.004 s
    metrics.observeTtft('alpha', 10); // 0.01 s: on a bound, counted in it
    metrics.observeTtft('alpha', 90_000); // above every bound
    const lines = samples(metrics.render());
    const bucket = (le: string) =>
      lines.find(line =>
        line.startsWith(
          `janus_gateway_ttft_seconds_bucket{competitor="alpha",le="${le}"} `,
        ),
      );
    expect(bucket('0.005')).toMatch(/ 1$/);
    expect(bucket('0.01')).toMatch(/ 2$/);
    expect(bucket('60')).toMatch(/ 2$/);
    expect(bucket('+Inf')).toMatch(/ 3$/);
    expect(lines).toContain(
      'janus_gateway_ttft_seconds_sum{competitor="alpha"} 90.014',
    );
    expect(lines).toContain(
      'janus_gateway_ttft_seconds_count{competitor="alpha"} 3',
    );
  });

  it('should escape backslash, double quote and newline in label values, the same way each time', () => {
    const metrics = new GatewayMetrics();
    const id = 'a\\b"c\nd';
    metrics.countRequest({ competitor: id, status: 200 });
    metrics.countRequest({ competitor: id, status: 200 });
    metrics.trackStream(id, 1);
    metrics.countError({ competitor: id, code: 'x"y' });
    const lines = samples(metrics.render());
    expect(lines).toContain(
      'janus_gateway_requests_total{competitor="a\\\\b\\"c\\nd",status="200"} 2',
    );
    expect(lines).toContain(
      'janus_gateway_streams_in_flight{competitor="a\\\\b\\"c\\nd"} 1',
    );
    expect(lines).toContain(
      'janus_gateway_errors_total{competitor="a\\\\b\\"c\\nd",code="x\\"y"} 1',
    );
  });
});
