// Vite/vitest `?raw` imports: the file's text. Keeps fixtures free of
// `node:fs`, so the same tests run under the edge runtime.
declare module '*?raw' {
  const text: string;
  export default text;
}
