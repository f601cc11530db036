/**
 * A prototype for objects built from a row read without some of its columns (a read that
 * answers a query asks only for what the query shows): reading one of `fields` from such an
 * object throws, naming the field, instead of answering a wrong value. `Object.create` it,
 * then set every other field.
 */
export function unreadFields(typeName: string, fields: readonly string[], why: string): object {
  const descriptors: PropertyDescriptorMap = {};
  for (const field of fields) {
    descriptors[field] = {
      get() {
        throw new Error(`${typeName}.${field} was not read with this object (${why})`);
      },
    };
  }
  return Object.create(Object.prototype, descriptors) as object;
}
