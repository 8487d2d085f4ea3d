import { invalidRequest } from './sandy-errors';

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks request-supplied environment variables: POSIX names, no NUL bytes,
 * bounded size. Returns the same object.
 */
export function validateEnv(
  env: Record<string, string> | undefined,
  param: string,
): Record<string, string> {
  if (env === undefined) return {};
  let size = 0;
  for (const [name, value] of Object.entries(env)) {
    if (!namePattern.test(name))
      throw invalidRequest(
        `Invalid environment variable name '${name}'`,
        `${param}.${name}`,
      );
    if (value.includes('\0'))
      throw invalidRequest(
        `Environment variable '${name}' contains a NUL byte`,
        `${param}.${name}`,
      );
    // Linux refuses single exec strings of 128 KiB or more (MAX_ARG_STRLEN).
    if (Buffer.byteLength(value) + name.length + 1 >= 128 * 1024)
      throw invalidRequest(
        `Environment variable '${name}' is 128 KiB or larger`,
        `${param}.${name}`,
      );
    size += name.length + value.length;
  }
  if (size > 256 * 1024)
    throw invalidRequest('Environment is larger than 256 KiB', param);
  return env;
}
