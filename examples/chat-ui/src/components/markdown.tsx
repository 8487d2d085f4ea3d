'use client';

import { createContext, memo, useContext, useMemo, useState } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeKatex from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { rehypeHighlightCode } from '../lib/rehype-highlight-code';
import { createBlockSplitter } from '../lib/split-markdown-blocks';
import { CodeBlock } from './code-block';
import { screenshotSrc } from './reasoning-panel';

const remarkPlugins = [remarkGfm, remarkMath];
// `detect: false`: only fenced blocks that name a language are highlighted,
// which keeps the streaming tail cheap; `throwOnError: false` renders bad TeX
// as red source instead of throwing mid-stream.
const rehypePlugins = [
  [rehypeKatex, { throwOnError: false, strict: false }],
  rehypeHighlightCode,
] as NonNullable<Parameters<typeof ReactMarkdown>[0]['rehypePlugins']>;

const components: Components = {
  pre: CodeBlock,
  a: ({ node: _node, ...props }) => (
    <a {...props} target="_blank" rel="noreferrer noopener" />
  ),
  // Images load only through the artifact proxy: a remote image in an answer
  // would be fetched on sight (tracking, or a prompt-injected URL carrying
  // chat data out). Anything else becomes a link the user can choose to open.
  img: ({ node: _node, src, alt, ...props }) => {
    const url = typeof src === 'string' ? src : '';
    const proxied = screenshotSrc(url);
    if (proxied)
      // biome-ignore lint/performance/noImgElement: same-origin proxied artifact
      return <img {...props} src={proxied} alt={alt ?? ''} loading="lazy" />;
    return (
      <a href={url} target="_blank" rel="noreferrer noopener">
        {alt || url}
      </a>
    );
  },
};

/** One markdown block; memoised so finished blocks never re-render. */
const MarkdownBlock = memo(function MarkdownBlock(props: { source: string }) {
  return (
    <div className="md-block" data-testid="markdown-block">
      <ReactMarkdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={rehypePlugins}
        components={components}
      >
        {props.source}
      </ReactMarkdown>
    </div>
  );
});

/**
 * How answers are rendered: `blocks` (default: memoised blocks, only the tail
 * re-renders) or `whole` (the whole document re-parsed every frame; the naive
 * baseline of the render benchmark, selected with `?render=whole`).
 */
export const MarkdownModeContext = createContext<'blocks' | 'whole'>('blocks');

/**
 * Renders markdown (GFM tables, task lists, math, highlighted code) as a list
 * of independently memoised blocks: while an answer streams, only the last
 * block re-renders per frame.
 *
 * @param props.source - Markdown text (may be a growing prefix).
 */
export function Markdown(props: { source: string }) {
  const mode = useContext(MarkdownModeContext);
  // Incremental: a growing answer is only re-split from its last block.
  const [split] = useState(createBlockSplitter);
  const blocks = useMemo(
    () => (mode === 'whole' ? [props.source] : split(props.source)),
    [props.source, mode, split],
  );
  return (
    <div className="markdown">
      {blocks.map((block, index) => (
        // Index keys are right here: blocks only ever grow at the end.
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <MarkdownBlock key={index} source={block} />
      ))}
    </div>
  );
}
