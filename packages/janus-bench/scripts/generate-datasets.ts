/**
 * Writes the public suites (datasets/public/{dev,train}/*.jsonl) and their
 * images (datasets/public/images/*.png). Deterministic: rerunning produces
 * identical files. Run: node --import tsx scripts/generate-datasets.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Rgb, writePng } from './write-png';

const root = new URL('../datasets/public/', import.meta.url).pathname;
type Task = Record<string, unknown> & { id: string; category: string };

const COLOURS: Record<string, Rgb> = {
  red: [220, 30, 30],
  green: [30, 170, 30],
  blue: [30, 60, 220],
  yellow: [240, 220, 30],
  orange: [250, 140, 20],
  purple: [130, 40, 160],
  black: [0, 0, 0],
  white: [255, 255, 255],
};

/** An image spec: a background colour, optional centred square or stripe of another colour. */
interface ImageSpec {
  name: string;
  size: number;
  background: string;
  shape?: { kind: 'square' | 'stripe'; colour: string };
}

function renderImage(spec: ImageSpec): Buffer {
  const background = COLOURS[spec.background]!;
  const shape = spec.shape;
  return writePng({
    width: spec.size,
    height: spec.size,
    pixel: (x, y) => {
      if (!shape) return background;
      const quarter = spec.size / 4;
      const inside =
        shape.kind === 'square'
          ? x >= quarter && x < 3 * quarter && y >= quarter && y < 3 * quarter // 25% of the area
          : y < spec.size / 5; // top stripe, 20% of the area
      return inside ? COLOURS[shape.colour]! : background;
    },
  });
}

const user = (content: unknown) => [{ role: 'user', content }];
const withImage = (text: string, image: string) =>
  user([
    { type: 'text', text },
    { type: 'image_url', image_url: { url: `../images/${image}.png` } },
  ]);

const tool = (
  name: string,
  description: string,
  properties: Record<string, unknown>,
  required = Object.keys(properties),
) => ({
  type: 'function',
  function: {
    name,
    description,
    parameters: { type: 'object', properties, required },
  },
});
const TOOLS = {
  weather: tool('get_weather', 'Current weather for a city', {
    city: { type: 'string' },
  }),
  search: tool('search_web', 'Search the web', { query: { type: 'string' } }),
  calculator: tool('calculator', 'Evaluate an arithmetic expression', {
    expression: { type: 'string' },
  }),
  email: tool('send_email', 'Send an email', {
    to: { type: 'string' },
    subject: { type: 'string' },
  }),
  stock: tool('lookup_stock', 'Latest price of a stock ticker', {
    symbol: { type: 'string' },
  }),
  convert: tool('convert_currency', 'Convert an amount between currencies', {
    amount: { type: 'number' },
    from: { type: 'string' },
    to: { type: 'string' },
  }),
  timer: tool('set_timer', 'Start a countdown timer', {
    minutes: { type: 'integer' },
  }),
  translate: tool('translate_text', 'Translate text', {
    text: { type: 'string' },
    target_language: { type: 'string', enum: ['de', 'fr', 'es'] },
  }),
};

function chat(split: string): Task[] {
  const items: [string, Record<string, unknown>][] =
    split === 'dev'
      ? [
          ['What is the capital of France?', { answer: 'Paris' }],
          [
            'Why is the sky blue? Explain briefly.',
            {
              contains: ['Rayleigh', 'scattering', 'wavelength'],
              rubric:
                'Names Rayleigh scattering and why shorter wavelengths dominate.',
            },
          ],
          [
            'What is the largest planet in our solar system?',
            { answer: 'Jupiter' },
          ],
          ['What is 12 * 7?', { answer: '84' }],
          ['Compute (17 + 5) * 3', { answer: '66' }],
          ['What is the chemical formula for water?', { answer: 'H2O' }],
          ['Hello! Who are you?', { contains_any: ['hello', 'hi', 'hey'] }],
          [
            'Name the three primary colours of light.',
            { contains: ['red', 'green', 'blue'] },
          ],
          ['Translate "good morning" into German.', { answer: 'Guten Morgen' }],
          [
            'Return only a JSON object describing a person named Ada who is 36 years old, with the fields "name" (string) and "age" (integer).',
            {
              json_schema: {
                type: 'object',
                properties: {
                  name: { type: 'string', const: 'Ada' },
                  age: { type: 'integer', const: 36 },
                },
                required: ['name', 'age'],
              },
            },
          ],
          [
            "Give today's date format used in ISO 8601 for the 3rd of March 2024.",
            { regex: '2024-03-03' },
          ],
          ['Who wrote "Pride and Prejudice"?', { answer: 'Austen' }],
          ['How many minutes are in a day?', { answer: '1440' }],
        ]
      : [
          ['What is the capital of Germany?', { answer: 'Berlin' }],
          ['What is 9 * 8?', { answer: '72' }],
          ['Which planet is known as the red planet?', { answer: 'Mars' }],
          ['Hi there!', { contains_any: ['hello', 'hi', 'hey'] }],
          [
            'Return only a JSON array of the first three prime numbers.',
            {
              json_schema: {
                type: 'array',
                items: { type: 'integer' },
                minItems: 3,
                maxItems: 3,
              },
            },
          ],
          [
            'What is the boiling point of water at sea level in degrees Celsius?',
            { answer: '100' },
          ],
        ];
  return items.map(([prompt, expected], index) => ({
    id: `chat-${split}-${pad(index)}`,
    category: 'chat',
    messages: user(prompt),
    expected,
  }));
}

function research(split: string): Task[] {
  const items: [string, string[]][] =
    split === 'dev'
      ? [
          [
            'Compare server-sent events and WebSockets for streaming LLM output. Cite at least two sources.',
            ['SSE', 'WebSocket', 'HTTP', 'bidirectional'],
          ],
          [
            'Summarise how Rayleigh scattering explains both blue skies and red sunsets.',
            ['wavelength', 'molecule', 'atmosphere'],
          ],
          [
            'Explain the trade-offs between closed-loop and open-loop load generation when benchmarking APIs.',
            ['concurrency', 'arrival', 'saturation'],
          ],
          [
            'What is time to first token (TTFT) and why does it matter for chat applications?',
            ['latency', 'perceived', 'stream'],
          ],
          [
            'Outline the main causes of the 2008 financial crisis.',
            ['mortgage', 'Lehman', 'subprime'],
          ],
          [
            'Explain how a Bloom filter works and where it is used.',
            ['hash', 'false positive', 'bit'],
          ],
          [
            'Describe the differences between TCP and UDP.',
            ['connection', 'reliable', 'packet'],
          ],
          [
            'How do vaccines train the immune system?',
            ['antigen', 'antibod', 'immune'],
          ],
        ]
      : [
          [
            'Explain what a content delivery network does.',
            ['cache', 'edge', 'latency'],
          ],
          ['Summarise the causes of inflation.', ['demand', 'supply', 'money']],
          [
            'How does public-key cryptography work?',
            ['public key', 'private key', 'encrypt'],
          ],
        ];
  return items.map(([prompt, contains], index) => ({
    id: `research-${split}-${pad(index)}`,
    category: 'research',
    messages: user(prompt),
    expected: {
      contains,
      min_length: 400,
      rubric: `A correct, well-structured explanation that covers: ${contains.join(', ')}.`,
    },
  }));
}

function code(split: string): Task[] {
  const items: [string, string, [unknown[], unknown][]][] =
    split === 'dev'
      ? [
          [
            'add',
            'two numbers and returns their sum',
            [
              [[2, 3], 5],
              [[-1, 1], 0],
            ],
          ],
          [
            'is_palindrome',
            'a string and returns True if it reads the same backwards (ignore case)',
            [
              [['Level'], true],
              [['janus'], false],
            ],
          ],
          [
            'fizzbuzz',
            'an integer n and returns "Fizz", "Buzz", "FizzBuzz" or the number as a string',
            [
              [[3], 'Fizz'],
              [[10], 'Buzz'],
              [[15], 'FizzBuzz'],
              [[7], '7'],
            ],
          ],
          [
            'factorial',
            'a non-negative integer n and returns n!',
            [
              [[0], 1],
              [[5], 120],
            ],
          ],
          [
            'count_vowels',
            'a string and returns how many vowels (a, e, i, o, u, case-insensitive) it has',
            [
              [['Janus'], 2],
              [['rhythm'], 0],
            ],
          ],
          [
            'fibonacci',
            'n and returns the n-th Fibonacci number (fibonacci(0) = 0, fibonacci(1) = 1)',
            [
              [[10], 55],
              [[1], 1],
            ],
          ],
          [
            'reverse_words',
            'a sentence and returns it with the word order reversed',
            [[['hello big world'], 'world big hello']],
          ],
          [
            'celsius_to_fahrenheit',
            'a temperature in Celsius and returns Fahrenheit as a float',
            [
              [[100], 212.0],
              [[0], 32.0],
            ],
          ],
        ]
      : [
          [
            'maximum',
            'a list of numbers and returns the largest',
            [[[[3, 9, 2]], 9]],
          ],
          [
            'is_even',
            'an integer and returns True if it is even',
            [
              [[4], true],
              [[7], false],
            ],
          ],
          [
            'word_count',
            'a string and returns the number of words',
            [[['a b c'], 3]],
          ],
        ];
  return items.map(([name, what, cases], index) => ({
    id: `code-${split}-${pad(index)}`,
    category: 'code',
    messages: user(
      `Write a Python function \`${name}\` that takes ${what}. Reply with the code in one \`\`\`python block.`,
    ),
    expected: {
      regex: `def\\s+${name}\\s*\\(`,
      code: {
        language: 'python',
        function_name: name,
        test_cases: cases.map(([input, output]) => ({ input, output })),
      },
    },
  }));
}

const IMAGES: ImageSpec[] = [
  { name: 'red-32', size: 32, background: 'red' },
  { name: 'green-32', size: 32, background: 'green' },
  { name: 'blue-48', size: 48, background: 'blue' },
  { name: 'yellow-16', size: 16, background: 'yellow' },
  {
    name: 'white-with-black-square-64',
    size: 64,
    background: 'white',
    shape: { kind: 'square', colour: 'black' },
  },
  {
    name: 'blue-with-yellow-stripe-40',
    size: 40,
    background: 'blue',
    shape: { kind: 'stripe', colour: 'yellow' },
  },
  { name: 'orange-24', size: 24, background: 'orange' },
  {
    name: 'purple-with-white-square-32',
    size: 32,
    background: 'purple',
    shape: { kind: 'square', colour: 'white' },
  },
  { name: 'black-20', size: 20, background: 'black' },
  {
    name: 'green-with-red-stripe-50',
    size: 50,
    background: 'green',
    shape: { kind: 'stripe', colour: 'red' },
  },
];

function multimodal(split: string): Task[] {
  const dev = split === 'dev';
  const specs = dev ? IMAGES : IMAGES.slice(0, 4);
  const tasks = specs.flatMap((spec, index) => {
    const colourTask = {
      category: 'multimodal',
      messages: withImage(
        'What is the dominant colour of this image? Answer with the colour name.',
        spec.name,
      ),
      expected: { answer: spec.background },
    };
    if (!dev || index >= 2) return [colourTask];
    const sizeTask = {
      category: 'multimodal',
      messages: withImage(
        'How many pixels wide and high is this image, and what file format is it?',
        spec.name,
      ),
      expected: {
        regex: `${spec.size}\\s*(x|×|by)\\s*${spec.size}`,
        contains: ['PNG'],
      },
    };
    return [colourTask, sizeTask];
  });
  return tasks.map((task, index) => ({
    id: `multimodal-${split}-${pad(index)}`,
    ...task,
  }));
}

function agentic(split: string): Task[] {
  const items: [
    string,
    (typeof TOOLS)[keyof typeof TOOLS][],
    { name: string; arguments?: Record<string, unknown> },
  ][] =
    split === 'dev'
      ? [
          [
            'Use get_weather to check the weather in Paris.',
            [TOOLS.weather, TOOLS.search],
            { name: 'get_weather', arguments: { city: 'Paris' } },
          ],
          [
            'What is the weather like in Berlin right now?',
            [TOOLS.weather],
            { name: 'get_weather', arguments: { city: 'Berlin' } },
          ],
          [
            'Search the web for "Janus SDK release notes".',
            [TOOLS.search, TOOLS.weather],
            {
              name: 'search_web',
              arguments: { query: 'Janus SDK release notes' },
            },
          ],
          [
            'Use the calculator on "1234 * 5678".',
            [TOOLS.calculator],
            { name: 'calculator', arguments: { expression: '1234 * 5678' } },
          ],
          [
            'Use lookup_stock for the ticker "NVDA".',
            [TOOLS.stock, TOOLS.search],
            { name: 'lookup_stock', arguments: { symbol: 'NVDA' } },
          ],
          [
            'Set a timer for 15 minutes with set_timer.',
            [TOOLS.timer],
            { name: 'set_timer', arguments: { minutes: 15 } },
          ],
          [
            'How much is 250 US dollars in euros today?',
            [TOOLS.convert, TOOLS.search],
            { name: 'convert_currency', arguments: { amount: 250 } },
          ],
          [
            'Send an email to "ops@example.com" about the failed deploy.',
            [TOOLS.email],
            { name: 'send_email', arguments: { to: 'ops@example.com' } },
          ],
          [
            'Translate "thank you" into French.',
            [TOOLS.translate, TOOLS.search],
            {
              name: 'translate_text',
              arguments: { text: 'thank you', target_language: 'fr' },
            },
          ],
          [
            'Find the current share price of Apple.',
            [TOOLS.stock, TOOLS.search],
            { name: 'lookup_stock', arguments: { symbol: 'AAPL' } },
          ],
        ]
      : [
          [
            'Use get_weather for Tokyo.',
            [TOOLS.weather],
            { name: 'get_weather', arguments: { city: 'Tokyo' } },
          ],
          [
            'Search the web for "OpenAI streaming usage".',
            [TOOLS.search],
            {
              name: 'search_web',
              arguments: { query: 'OpenAI streaming usage' },
            },
          ],
          [
            'Use the calculator on "2 ** 10".',
            [TOOLS.calculator],
            { name: 'calculator', arguments: { expression: '2 ** 10' } },
          ],
        ];
  return items.map(([prompt, tools, call], index) => ({
    id: `agentic-${split}-${pad(index)}`,
    category: 'agentic',
    messages: user(prompt),
    tools,
    expected: { tool_call: call },
  }));
}

function streaming(split: string): Task[] {
  const items: [string, number][] =
    split === 'dev'
      ? [
          [
            'Write a 300-word story about a lighthouse keeper who discovers a message in a bottle.',
            250,
          ],
          ['Explain, in about 400 words, how HTTP/2 multiplexing works.', 300],
          [
            'List 30 fruits, one per line, each with a one-sentence description.',
            300,
          ],
          [
            'Write a detailed step-by-step guide (at least 12 steps) to brewing pour-over coffee.',
            250,
          ],
          ['Describe the water cycle in roughly 250 words.', 200],
          [
            'Write a 200-word product description for a solar-powered backpack.',
            150,
          ],
        ]
      : [
          ['Write a 250-word story about a robot learning to paint.', 200],
          ['Explain how a car engine works in about 300 words.', 220],
        ];
  return items.map(([prompt, minTokens], index) => ({
    id: `streaming-${split}-${pad(index)}`,
    category: 'streaming',
    messages: user(prompt),
    expected: {
      min_tokens: minTokens,
      min_length: minTokens * 3,
      ttft_target_ms: 1000,
    },
  }));
}

function cost(split: string): Task[] {
  const items: [string, Record<string, unknown>][] =
    split === 'dev'
      ? [
          [
            'What is the capital of Germany? Answer in at most five words.',
            { answer: 'Berlin', max_words: 5, baseline_tokens: 20 },
          ],
          [
            'What is 6 * 7? Reply with the number only.',
            { answer: '42', max_words: 3, baseline_tokens: 10 },
          ],
          [
            'Is a tomato a fruit? Answer yes or no.',
            { answer: 'yes', max_words: 3, baseline_tokens: 10 },
          ],
          [
            'In one sentence: what does HTTP stand for?',
            {
              answer: 'Hypertext Transfer Protocol',
              max_words: 20,
              baseline_tokens: 30,
            },
          ],
          [
            'Name the largest planet. One word.',
            { answer: 'Jupiter', max_words: 3, baseline_tokens: 10 },
          ],
          [
            'How many continents are there? Number only.',
            { answer: '7', max_words: 3, baseline_tokens: 10 },
          ],
          [
            'What is the chemical formula for water? Formula only.',
            { answer: 'H2O', max_words: 3, baseline_tokens: 10 },
          ],
          [
            'In at most 15 words: why do we have seasons?',
            {
              contains_any: ['tilt', 'axis'],
              max_words: 15,
              baseline_tokens: 30,
            },
          ],
        ]
      : [
          [
            'What is the capital of France? One word.',
            { answer: 'Paris', max_words: 3, baseline_tokens: 10 },
          ],
          [
            'What is 3 + 4? Number only.',
            { answer: '7', max_words: 3, baseline_tokens: 10 },
          ],
        ];
  return items.map(([prompt, expected], index) => ({
    id: `cost-${split}-${pad(index)}`,
    category: 'cost',
    messages: user(prompt),
    expected,
  }));
}

function pad(index: number): string {
  return String(index + 1).padStart(3, '0');
}

mkdirSync(join(root, 'images'), { recursive: true });
for (const spec of IMAGES)
  writeFileSync(join(root, 'images', `${spec.name}.png`), renderImage(spec));
for (const split of ['dev', 'train']) {
  mkdirSync(join(root, split), { recursive: true });
  const suites: Record<string, Task[]> = {
    chat: chat(split),
    research: research(split),
    code: code(split),
    multimodal: multimodal(split),
    agentic: agentic(split),
    streaming: streaming(split),
    cost: cost(split),
  };
  let total = 0;
  for (const [name, tasks] of Object.entries(suites)) {
    writeFileSync(
      join(root, split, `${name}.jsonl`),
      `${tasks.map(task => JSON.stringify(task)).join('\n')}\n`,
    );
    total += tasks.length;
  }
  console.log(`public/${split}: ${total} tasks`);
}
