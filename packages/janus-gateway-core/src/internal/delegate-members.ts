/**
 * Makes `lazy` (a lazy stand-in's prototype) answer every member of `base`
 * (`Request.prototype`, `Response.prototype`) that it does not define
 * itself by building the real object (`real(this)`) and delegating to it:
 * methods are called on it, getters read from it. Then `lazy` inherits from
 * `base`, so `instanceof` holds. For node/lazy-request.ts and
 * lazy-response.ts.
 *
 * @param options.own Members the stand-in answers itself.
 * @internal
 */
export function delegateMembers<T extends object>(options: {
  lazy: T;
  base: object;
  own: ReadonlySet<string>;
  real: (self: T) => object;
}): void {
  const { lazy, base, own, real } = options;
  for (const name of Object.getOwnPropertyNames(base)) {
    if (name === 'constructor' || own.has(name)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(base, name)!;
    if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      Object.defineProperty(lazy, name, {
        configurable: true,
        writable: true,
        value(this: T, ...args: unknown[]) {
          return method.apply(real(this), args);
        },
      });
    } else if (descriptor.get) {
      const get = descriptor.get;
      Object.defineProperty(lazy, name, {
        configurable: true,
        get(this: T) {
          return get.call(real(this));
        },
      });
    }
  }
  Object.setPrototypeOf(lazy, base);
}
