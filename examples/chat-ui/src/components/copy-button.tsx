'use client';

import { useState } from 'react';

/**
 * Copies text to the clipboard and says so for a moment: the visible text
 * and the accessible name become "Copied", and a polite live region
 * announces it to screen readers.
 *
 * @param props.getText - Produces the text at click time.
 * @param props.label - Accessible label.
 */
export function CopyButton(props: { getText: () => string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.getText());
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      // Clipboard access can be denied (insecure origin, permissions); the
      // button then simply does not confirm.
    }
  };
  return (
    <>
      <button
        type="button"
        className="icon-button"
        data-testid="copy-button"
        aria-label={copied ? 'Copied' : props.label}
        title={props.label}
        onClick={copy}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {copied ? 'Copied' : ''}
      </span>
    </>
  );
}
