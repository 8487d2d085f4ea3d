import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // SSE must reach the browser chunk by chunk; the SSE responses also carry
  // `cache-control: no-transform`, but a local demo gains nothing from gzip.
  compress: false,
  // npm workspaces hoist node_modules to the repo root.
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
};

export default config;
