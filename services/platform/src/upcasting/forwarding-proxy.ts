/**
 * `target` with some of its port's members replaced: everything else (an adapter's own extras, `instanceof`, `constructor`)
 * stays the target's, its methods bound to it once. A decorator that keeps the adapter it wraps reachable.
 */
export function withMembers<T extends Port, Port extends object>(target: T, replaced: Partial<Port>): T {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(inner, property) {
      if (Object.hasOwn(replaced, property)) return Reflect.get(replaced, property);
      const value: unknown = Reflect.get(inner, property, inner);
      if (typeof value !== 'function') return value;
      let fn = bound.get(property);
      if (fn === undefined) bound.set(property, (fn = value.bind(inner)));
      return fn;
    },
  });
}
