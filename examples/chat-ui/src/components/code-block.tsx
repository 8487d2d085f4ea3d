'use client';

import { type ComponentProps, useRef } from 'react';
import { CopyButton } from './copy-button';

/**
 * A `<pre>` from markdown with a language label and a copy button. The text is
 * read from the DOM on click, so highlighting markup never leaks into it.
 */
export function CodeBlock(props: ComponentProps<'pre'> & { node?: unknown }) {
  const { node: _node, children, ...rest } = props;
  const ref = useRef<HTMLPreElement>(null);
  const language = languageOf(children);
  return (
    <div className="code-block" data-testid="code-block">
      <div className="code-block-header">
        <span>{language ?? 'text'}</span>
        <CopyButton
          getText={() => ref.current?.textContent ?? ''}
          label="Copy code"
        />
      </div>
      <pre ref={ref} {...rest}>
        {children}
      </pre>
    </div>
  );
}

function languageOf(children: unknown): string | null {
  const child = Array.isArray(children) ? children[0] : children;
  const className =
    child && typeof child === 'object' && 'props' in child
      ? (child.props as { className?: string }).className
      : undefined;
  const match = /language-([\w+#-]+)/.exec(className ?? '');
  return match?.[1] ?? null;
}
