// A catalogue's English must have exactly the Vietnamese keys: `defineMessages(vi, en)`
// fails to compile when a key is missing or extra on either side.
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export function defineMessages<V extends object>(vi: V, en: Shape<V>): { vi: V; en: Shape<V> } {
  return { vi, en };
}
