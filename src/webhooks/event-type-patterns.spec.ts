import { BadUserInputError } from '../../libs/core';
import { assertEventTypesExist, closeMatches, patternMatches } from './event-type-patterns';

const TYPES = [
  'brand.created', 'brand.updated', 'post.created', 'post.published', 'post.publish_failed', 'profile.created', 'profile.launched',
  'webhook_endpoint.created', 'webhook_delivery.redelivered', 'user.logged_out',
];

describe('event type patterns', () => {
  it.each([
    ['*', 'brand.created', true],
    ['brand.created', 'brand.created', true],
    ['brand.created', 'brand.updated', false],
    ['brand.*', 'brand.created', true],
    ['brand.*', 'brandx.created', false],
    ['post.publish', 'post.published', false],
  ])('%s takes %s: %s (as the dispatcher matches)', (pattern, type, taken) => {
    expect(patternMatches(pattern, type)).toBe(taken);
  });

  it.each([
    ['social_profile.*', ['profile.*']],
    ['profile.create', ['profile.created', 'profile.launched']],
    ['post.publish', ['post.published', 'post.publish_failed', 'post.created']],
    ['brands.*', ['brand.*']],
    ['webhook.*', ['webhook_delivery.*', 'webhook_endpoint.*']],
    ['invoice.paid', []],
  ])('offers close matches for %s: %j', (pattern, close) => {
    expect(closeMatches(pattern, TYPES)).toEqual(close);
  });

  it('accepts patterns that match at least one type', () => {
    expect(() => assertEventTypesExist(['*', 'brand.*', 'post.publish_failed', 'webhook_endpoint.*'], TYPES, 'input.eventTypes')).not.toThrow();
  });

  it('refuses every pattern that matches nothing, each under its index, with close matches', () => {
    let error: unknown;
    try {
      assertEventTypesExist(['brand.*', 'social_profile.*', 'invoice.paid'], TYPES, 'input.eventTypes');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).extensions.fields).toEqual([
      { field: 'input.eventTypes.1', message: '"social_profile.*" matches no event type; did you mean profile.*? (webhookEventTypes lists them)' },
      { field: 'input.eventTypes.2', message: '"invoice.paid" matches no event type (webhookEventTypes lists them)' },
    ]);
  });

  it('accepts a type added to the catalogue later with no change here', () => {
    expect(() => assertEventTypesExist(['inbox.*'], TYPES, 'input.eventTypes')).toThrow(BadUserInputError);
    const later = [...TYPES, 'inbox.item.received'];
    expect(() => assertEventTypesExist(['inbox.*', 'inbox.item.*', 'inbox.item.received'], later, 'input.eventTypes')).not.toThrow();
    expect(closeMatches('inbox.items.*', later)).toEqual(['inbox.item.*', 'inbox.*']);
  });
});
