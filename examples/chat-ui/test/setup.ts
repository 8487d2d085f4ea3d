import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// A standards-mode document, as Next renders (`<!DOCTYPE html>`): KaTeX warns
// at import in quirks mode, and happy-dom does not report `compatMode`.
if (typeof document !== 'undefined' && document.compatMode !== 'CSS1Compat') {
  Object.defineProperty(document, 'compatMode', {
    value: 'CSS1Compat',
    configurable: true,
  });
}

// vitest globals are off, so testing-library cannot register its own cleanup.
afterEach(() => cleanup());
