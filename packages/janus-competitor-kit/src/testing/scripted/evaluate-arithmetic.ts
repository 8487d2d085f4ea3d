/**
 * Evaluates an integer arithmetic expression with `+ - * /` and parentheses
 * (a small recursive-descent parser; never `eval`). Returns `undefined` when
 * the text is not such an expression.
 */
export function evaluateArithmetic(expression: string): number | undefined {
  const tokens = expression
    .replace(/×/g, '*')
    .replace(/÷/g, '/')
    .replace(/−/g, '-')
    .match(/\d+|[-+*/()]|\S/g);
  if (!tokens) return undefined;
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];

  function primary(): number {
    const token = next();
    if (token === '(') {
      const value = sum();
      if (next() !== ')') throw new SyntaxError('expected )');
      return value;
    }
    if (token === '-') return -primary();
    if (token !== undefined && /^\d+$/.test(token)) return Number(token);
    throw new SyntaxError(`unexpected ${token ?? 'end'}`);
  }
  function product(): number {
    let value = primary();
    while (peek() === '*' || peek() === '/') {
      const operator = next();
      const right = primary();
      value = operator === '*' ? value * right : value / right;
    }
    return value;
  }
  function sum(): number {
    let value = product();
    while (peek() === '+' || peek() === '-') {
      const operator = next();
      const right = product();
      value = operator === '+' ? value + right : value - right;
    }
    return value;
  }

  try {
    const value = sum();
    return position === tokens.length ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Formats a result: integers as is, fractions with up to 6 decimals. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'undefined (division by zero)';
  return Number.isInteger(value)
    ? String(value)
    : String(Number(value.toFixed(6)));
}
