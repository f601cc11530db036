import { prefersHtml } from './prefers-html';

describe('prefersHtml', () => {
  it.each([
    ['a browser navigation (Chromium)', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true],
    ['a browser navigation (Firefox)', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true],
    ['text/html alone', 'text/html', true],
    ['html ranked above json', 'application/json;q=0.5, text/html', true],
    ['a GraphQL client', 'application/graphql-response+json, application/json', false],
    ['application/json', 'application/json', false],
    ['curl', '*/*', false],
    ['no header', undefined, false],
    ['an empty header', '', false],
    ['a tie keeps JSON', 'text/html, application/json', false],
    ['json ranked above html', 'text/html;q=0.5, application/json', false],
    ['html refused', 'text/html;q=0, */*', false],
    ['text/* above json', 'text/*, application/json;q=0.1', true],
    ['garbage', 'not a media type', false],
  ])('%s', (_name, accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});
