import { describe, expect, it } from 'vitest';
import { fakeNewerWriterReport, fakeReport } from '../test/fake-report';
import { formatReport } from './format-report';
import { parseBenchReport } from './parse-bench-report';
import { benchReportSchema, REPORT_SCHEMA_VERSION } from './report-schema';

describe('parseBenchReport', () => {
  it('should read a report of this version as written', async () => {
    const report = await fakeReport({ competitors: ['alpha'] });
    expect(parseBenchReport({ text: JSON.stringify(report) })).toEqual(report);
  });

  it('should accept values and fields of a newer writer, keeping them as they are', async () => {
    const newer = await fakeNewerWriterReport({ competitors: ['alpha'] });
    const report = parseBenchReport({ text: JSON.stringify(newer) });
    // Nothing dropped or changed, at any depth.
    expect(report).toEqual(newer);
    const measurement = report.competitors[0]!.tasks[0]!.measurement;
    expect(measurement.error?.kind).toBe('future_kind');
    expect(measurement.tokens_source).toBe('future_source');
    expect(report.run.arrival).toBe('future_arrival');
    expect(formatReport(report)).toContain('future_kind: a newer failure');
    // The writer's schema stays strict: the bench never writes such values.
    expect(benchReportSchema.safeParse(newer).success).toBe(false);
  });

  it('should refuse a newer schema_version, naming both versions, before checking the shape', async () => {
    const newer = {
      ...(await fakeReport({ competitors: ['alpha'] })),
      schema_version: REPORT_SCHEMA_VERSION + 1,
      tool: { name: '@janus/bench', version: '9.0.0' },
      competitors: 'a shape this version does not know',
    };
    expect(() =>
      parseBenchReport({ text: JSON.stringify(newer), source: 'r.json' }),
    ).toThrow(
      `r.json: the report has schema_version ${REPORT_SCHEMA_VERSION + 1} (written by @janus/bench 9.0.0), newer than this janus-bench reads (schema_version ${REPORT_SCHEMA_VERSION}, @janus/bench 0.0.0-source): upgrade @janus/bench to read it`,
    );
  });

  it('should still refuse what is not a report', async () => {
    const { run: _run, ...noRun } = await fakeReport({ competitors: ['a'] });
    expect(() => parseBenchReport({ text: JSON.stringify(noRun) })).toThrow(
      /^Invalid report at 'run': /,
    );
    expect(() =>
      parseBenchReport({ text: JSON.stringify({ schema_version: 0 }) }),
    ).toThrow(/^Invalid report at 'schema_version': /);
    expect(() => parseBenchReport({ text: '[' })).toThrow(
      /^Invalid JSON in report \(/,
    );
  });
});
