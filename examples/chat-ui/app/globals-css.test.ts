// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./globals.css', import.meta.url), 'utf8');

/** The value of a custom property in the block that starts with `selector {`. */
function variable(selector: string, name: string): string {
  const start = css.indexOf(`${selector} {`);
  const block = css.slice(start, css.indexOf('}', start));
  const match = new RegExp(`${name}:\\s*(#[0-9a-f]{6})`).exec(block);
  if (!match?.[1]) throw new Error(`${name} not found in ${selector}`);
  return match[1];
}

/** A colour set by a rule (`selector { … property: #xxxxxx … }`). */
function ruleColour(selector: string, property: string): string {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule for ${selector}`);
  const block = css.slice(start, css.indexOf('}', start));
  const match = new RegExp(`(?:^|[ ;{])${property}:\\s*(#[0-9a-f]{6})`).exec(
    block,
  );
  if (!match?.[1]) throw new Error(`${property} not found in ${selector}`);
  return match[1];
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map(index => {
      const value = Number.parseInt(hex.slice(index, index + 2), 16) / 255;
      return value <= 0.03928
        ? value / 12.92
        : ((value + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

describe('globals.css', () => {
  it('should give muted text (icon buttons: copy, edit, rename, delete) at least 4.5:1 on every surface', () => {
    for (const theme of [':root', ":root[data-theme='dark']"]) {
      const muted = variable(theme, '--muted');
      for (const surface of ['--bg', '--bg-soft', '--bg-panel', '--user-bg'])
        expect
          .soft(
            contrast(muted, variable(theme, surface)),
            `${theme} ${surface}`,
          )
          .toBeGreaterThanOrEqual(4.5);
    }
  });

  it('should give the code block Copy button at least 4.5:1 on its dark header', () => {
    const header = ruleColour('.code-block-header', 'background');
    const button = ruleColour('.code-block-header .icon-button', 'color');
    expect(contrast(button, header)).toBeGreaterThanOrEqual(4.5);
  });

  it('should stop the typing dots and the overlay slide for reduced motion', () => {
    const start = css.indexOf('@media (prefers-reduced-motion: reduce)');
    expect(start).toBeGreaterThan(0);
    const block = css.slice(start);
    expect(block).toMatch(/\.typing span \{[^}]*animation: none/);
    expect(block).toMatch(/\.sidebar[^{]*\{[^}]*transition: none/);
  });
});
