import { describe, expect, it } from 'vitest';
import { fakeReport } from '../test/fake-report';
import { renderHtmlReport } from './render-html-report';

describe('renderHtmlReport', () => {
  it('should cut long competitor and category names in chart labels, keeping them as tooltips', async () => {
    const names = Array.from(
      { length: 8 },
      (_, index) => `baseline-agent-cli-with-a-long-deployment-name-${index}`,
    );
    const page = renderHtmlReport(await fakeReport({ competitors: names }));
    // Every competitor is in the legend of both bar charts, cut with its
    // full name as the tooltip.
    for (const name of names) {
      const tooltip = `<g><title>${name}</title><text class="legend-label"`;
      expect(page.split(tooltip)).toHaveLength(3);
    }
    expect(page).toContain(
      '<g><title>a-private-category-with-a-very-long-name</title><text class="group-label"',
    );
    // Wide charts shrink to the page instead of overflowing it.
    expect(page).toContain('.charts svg{max-width:100%;height:auto}');
  });
});
