import { evaluateArithmetic, formatNumber } from './evaluate-arithmetic';

const facts: Array<{ pattern: RegExp; answer: string }> = [
  {
    pattern: /capital of france|hauptstadt (von )?frankreich/,
    answer: 'The capital of France is Paris.',
  },
  {
    pattern: /capital of germany|hauptstadt (von )?deutschland/,
    answer: 'The capital of Germany is Berlin.',
  },
  {
    pattern: /why is the sky blue|warum ist der himmel blau/,
    answer:
      'The sky looks blue because of Rayleigh scattering: air molecules scatter short (blue) wavelengths of sunlight much more strongly than long (red) ones, so blue light reaches your eyes from every direction of the sky.',
  },
  {
    pattern: /largest planet|größte planet|groesste planet/,
    answer: 'Jupiter is the largest planet in the solar system.',
  },
  {
    pattern:
      /\bh2o\b|chemical formula (for|of) water|summenformel (von )?wasser/,
    answer: 'The chemical formula for water is H2O.',
  },
];

const greeting =
  /^\s*(hello|hi|hallo|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|guten (morgen|tag|abend)|moin|servus|grüß gott)\b/;

// "what is 12 * 7", "compute (3+4)*2", "berechne 6/3", or a bare "12+7=?".
const arithmeticAsk =
  /(?:what is|what's|whats|compute|calculate|evaluate|how much is|was ist|berechne|wie viel ist)\s*([-+*/×÷−()\d\s]+?)\s*[=?.!]*\s*$/;
const bareArithmetic = /^\s*([-+*/×÷−()\d\s]+?)\s*[=?]*\s*$/;

/**
 * Rule 5: the documented knowledge table (facts, arithmetic, greetings).
 * Facts and arithmetic are checked before greetings, so "Hi, what is the
 * capital of France?" still answers Paris.
 *
 * @param lower The lowercased prompt.
 * @returns The answer, or `undefined` when nothing matches.
 */
export function knowledgeAnswer(lower: string): string | undefined {
  for (const fact of facts) if (fact.pattern.test(lower)) return fact.answer;
  const expression =
    arithmeticAsk.exec(lower)?.[1] ?? bareArithmetic.exec(lower)?.[1];
  if (expression && /\d\s*[-+*/×÷−]\s*[(\d]/.test(expression)) {
    const value = evaluateArithmetic(expression);
    if (value !== undefined)
      return `${expression.trim().replace(/\s+/g, ' ')} = ${formatNumber(value)}`;
  }
  if (greeting.test(lower))
    return 'Hello! I am the Janus scripted model, a deterministic offline stand-in for an LLM. Ask me something and I will answer by my documented rules.';
  return undefined;
}
