/**
 * Decorators applied as if stacked in this order above a property: the last first, as
 * TypeScript applies stacked ones, so a shared decorator behaves exactly as the stack it
 * replaces (validation errors list in the same order; TypeORM sees a relation's join column
 * as it did).
 */
export function stackDecorators(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, property) => [...decorators].reverse().forEach((decorate) => decorate(target, property));
}
