import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { common, createLowlight } from 'lowlight';
import { visit } from 'unist-util-visit';

// One highlighter for the whole page. rehype-highlight builds a new lowlight
// (and registers ~37 grammars) every time its plugin is attached, and
// react-markdown attaches plugins on every render: that alone caused 100+ ms
// long tasks while a long answer streamed (docs/benchmarks/chat-ui.md).
let shared: ReturnType<typeof createLowlight> | null = null;

/**
 * Highlights fenced code that names a language (`language-x` class on
 * `pre > code`) with a shared lowlight instance; unknown languages stay
 * plain. Same output classes as rehype-highlight (`hljs`, `hljs-*`).
 */
export function rehypeHighlightCode() {
  shared ??= createLowlight(common);
  const lowlight = shared;
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, _index, parent) => {
      if (
        node.tagName !== 'code' ||
        parent?.type !== 'element' ||
        parent.tagName !== 'pre'
      )
        return;
      const classes = Array.isArray(node.properties.className)
        ? node.properties.className.map(String)
        : [];
      const language = classes
        .find(name => name.startsWith('language-'))
        ?.slice('language-'.length);
      if (!language || !lowlight.registered(language)) return;
      const result = lowlight.highlight(
        language,
        toText(node, { whitespace: 'pre' }),
      );
      node.properties.className = ['hljs', ...classes];
      if (result.children.length > 0)
        node.children = result.children as Element['children'];
    });
  };
}
