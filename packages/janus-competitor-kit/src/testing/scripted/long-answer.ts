const vocabulary =
  'janus streams tokens through the gateway while the scripted model writes deterministic text so that renderers and benchmarks see long answers with paragraphs tables and code'.split(
    ' ',
  );

const codeBlock = '```python\nfor number in range(3):\n    print(number)\n```';
const table = '| metric | value |\n| --- | --- |\n| words | many |';

/**
 * `[[long N]]`: an answer of exactly `n` whitespace-separated words, in
 * markdown paragraphs, with a code block and a table every ~500 words.
 */
export function longAnswer(n: number): string {
  const blocks: string[] = [];
  let words = 0;
  let sinceExtras = 0;
  let counter = 0;
  while (words < n) {
    const remaining = n - words;
    if (sinceExtras >= 500) {
      sinceExtras = 0;
      for (const extra of [codeBlock, table]) {
        const size = wordCount(extra);
        if (size <= n - words) {
          blocks.push(extra);
          words += size;
        }
      }
      continue;
    }
    const size = Math.min(60, remaining);
    const paragraph: string[] = [];
    for (let index = 0; index < size; index++) {
      let word = vocabulary[counter++ % vocabulary.length] ?? 'word';
      if (index === 0) word = word[0]?.toUpperCase() + word.slice(1);
      if (index === size - 1 || index % 12 === 11) word += '.';
      paragraph.push(word);
    }
    blocks.push(paragraph.join(' '));
    words += size;
    sinceExtras += size;
  }
  return blocks.join('\n\n');
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(word => word.length > 0).length;
}
