/** A random id of `length` lowercase hex characters (Web Crypto). */
export function randomId(length = 24): string {
  const bytes = new Uint8Array(Math.ceil(length / 2));
  crypto.getRandomValues(bytes);
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text.slice(0, length);
}
