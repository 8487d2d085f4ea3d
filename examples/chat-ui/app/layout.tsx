import 'katex/dist/katex.min.css';
import 'highlight.js/styles/github-dark.css';
import './globals.css';
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { themeBootScript } from '../src/components/theme-toggle';

export const metadata: Metadata = {
  title: 'Janus chat',
  description: 'Chat with Janus competitors through the gateway.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#16171d' },
  ],
};

/** Root layout: system fonts only (nothing downloaded at build or run time). */
export default function RootLayout(props: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: constant theme boot script */}
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body>{props.children}</body>
    </html>
  );
}
