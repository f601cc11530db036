import { FieldError } from '../../libs/core';

/** How many labels a call may add or remove, how long one may be, how many an item may carry. */
export const LABEL_LIMITS = { perCall: 20, maxLength: 50, perItem: 50 } as const;

/** A label as stored: NFC, trimmed, inner runs of whitespace made one space. */
export const normalizeLabel = (label: string) => label.normalize('NFC').trim().replace(/\s+/g, ' ');

/** Labels are one whatever their case ("VIP" is "vip"), as moderation rules' LABEL has it. */
const labelKey = (label: string) => normalizeLabel(label).toLowerCase();

/** The result of labelInboxItem: the labels after, or what was wrong with the call (`add.2`, `remove`...). */
export type LabelChange = { labels: string[]; errors: [] } | { labels: null; errors: FieldError[] };

/**
 * The item's labels after removing `remove` and adding `add`. An added label the item already
 * carries (in any case) keeps its stored spelling; a label both added and removed is refused.
 */
export function changeLabels(current: readonly string[], add: readonly string[], remove: readonly string[]): LabelChange {
  const errors: FieldError[] = [];
  const check = (list: readonly string[], field: 'add' | 'remove') => {
    if (list.length > LABEL_LIMITS.perCall) errors.push({ field, message: `at most ${LABEL_LIMITS.perCall} labels per call` });
    list.forEach((label, i) => {
      const normal = normalizeLabel(label);
      if (normal === '') errors.push({ field: `${field}.${i}`, message: 'must not be blank' });
      else if ([...normal].length > LABEL_LIMITS.maxLength) errors.push({ field: `${field}.${i}`, message: `must be at most ${LABEL_LIMITS.maxLength} characters` });
    });
  };
  check(add, 'add');
  check(remove, 'remove');
  const removed = new Set(remove.map(labelKey));
  add.forEach((label, i) => {
    if (removed.has(labelKey(label)) && normalizeLabel(label) !== '') errors.push({ field: `add.${i}`, message: `"${normalizeLabel(label)}" is also removed` });
  });
  if (errors.length) return { labels: null, errors };

  const labels = current.filter((label) => !removed.has(labelKey(label)));
  const held = new Set(labels.map(labelKey));
  for (const label of add) {
    if (held.has(labelKey(label))) continue;
    held.add(labelKey(label));
    labels.push(normalizeLabel(label));
  }
  if (labels.length > LABEL_LIMITS.perItem) return { labels: null, errors: [{ field: 'add', message: `an item carries at most ${LABEL_LIMITS.perItem} labels` }] };
  return { labels, errors: [] };
}
