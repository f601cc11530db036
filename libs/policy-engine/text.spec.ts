import { containsPhrase, countChars, countWords, sameLabel, startsWithPhrase } from './text';

describe('containsPhrase', () => {
  it.each<[string, string, string, boolean]>([
    ['a plain word', 'Get it free today', 'free', true],
    ['upper case with punctuation', 'FREE! Only today', 'free', true],
    ['the term in upper case', 'get it free', 'FREE', true],
    ['at the start of the text', 'Free samples', 'free', true],
    ['at the end, after a full stop', 'It is free.', 'free', true],
    ['never inside a longer word', 'Freedom of choice', 'free', false],
    ['nor at the end of one', 'carefree summer', 'free', false],
    ['nor followed by a digit', 'free2play', 'free', false],
    ['nor followed by an underscore', 'free_shipping', 'free', false],
    ['a hyphen separates words', 'sugar-free candy', 'free', true],
    ['an apostrophe separates words', "free's the word", 'free', true],
    ['a multi-word phrase', 'Guaranteed to lose weight fast', 'lose weight', true],
    ['a phrase across any whitespace', 'lose\n  weight', 'lose weight', true],
    ['a phrase with extra spaces in the term', 'lose weight', '  lose   weight ', true],
    ['a phrase needs its words in order', 'weight to lose', 'lose weight', false],
    ['a phrase needs whole words', 'lose weightlifting', 'lose weight', false],
    ['Polish: the same word', 'To jest gówno prawda', 'gówno', true],
    ['Polish: case folding of diacritics', 'ŻÓŁW na plaży', 'żółw', true],
    ['Polish: no match inside a longer word', 'żółwie na plaży', 'żółw', false],
    ['Polish: a diacritic letter is a word character', 'ałkohol', 'kohol', false],
    ['Polish: no match without the diacritic', 'zolw na plazy', 'żółw', false],
    ['decomposed input matches a composed term', 'zo\u0301łw', 'zółw', true],
    ['a term starting with a symbol', 'Buy now #ad', '#ad', true],
    ['a term starting with a symbol, glued to a word', 'Buy now#ad', '#ad', true],
    ['a term starting with a symbol, not run on', 'Our #adventure', '#ad', false],
    ['regular-expression characters are literal', 'Only $9.99 (today)', '$9.99', true],
    ['a dot is not any character', 'Only $9x99', '$9.99', false],
    ['a blank term never matches', 'anything', '   ', false],
  ])('%s: "%s" contains "%s": %s', (_label, text, phrase, expected) => {
    expect(containsPhrase(text, phrase)).toBe(expected);
  });
});

describe('startsWithPhrase', () => {
  it.each<[string, string, boolean]>([
    ['Opinion: candy is great', 'opinion', true],
    ['  OPINION - candy is great', 'Opinion', true],
    ['Opinion', 'opinion', true],
    ['Opinionated people say...', 'opinion', false],
    ['In my opinion: candy', 'opinion', false],
    ['Moim zdaniem: czekolada', 'moim zdaniem', true],
  ])('"%s" starts with "%s": %s', (text, phrase, expected) => {
    expect(startsWithPhrase(text, phrase)).toBe(expected);
  });
});

describe('sameLabel', () => {
  it.each<[string, string, boolean]>([
    ['Opinion', 'opinion', true],
    [' Spekulacja ', 'SPEKULACJA', true],
    ['Opinion piece', 'Opinion', false],
  ])('"%s" = "%s": %s', (a, b, expected) => {
    expect(sameLabel(a, b)).toBe(expected);
  });
});

describe('countWords', () => {
  it.each<[string, number]>([
    ['', 0],
    ['   \n\t ', 0],
    ['one', 1],
    ['  two   words  ', 2],
    ['line\nbreaks\tand tabs', 4],
    ['Zażółć gęślą jaźń', 3],
    ['a lone dash - counts as a token', 8],
    ['non\u00a0breaking space', 3],
  ])('"%s" has %i words', (text, count) => {
    expect(countWords(text)).toBe(count);
  });
});

describe('countChars', () => {
  it.each<[string, number]>([
    ['', 0],
    ['abc', 3],
    ['  abc  ', 3],
    ['żółw', 4],
    ['zo\u0301łw', 4],
    ['🍫🍫', 2],
  ])('"%s" has %i characters', (text, count) => {
    expect(countChars(text)).toBe(count);
  });
});
