import { containsPhrase } from '../../../libs/policy-engine/text';
import { compileKeywords, containsKeyword, foldText } from './fold';

describe('foldText', () => {
  it('drops case and accents, and spells out letters NFD keeps whole', () => {
    expect(foldText('Żółw')).toBe('zolw');
    expect(foldText('ŁÓDŹ')).toBe('lodz');
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('STRAẞE')).toBe('strasse');
    expect(foldText('Kıyı İstanbul')).toBe('kiyi istanbul');
    expect(foldText('Ørsted Đaković Æble Œuvre þorn')).toBe('orsted dakovic aeble oeuvre thorn');
  });

  it('folds composed and decomposed input alike', () => {
    expect(foldText('z\u0307o\u0301lw')).toBe(foldText('żółw'));
  });

  it('leaves symbols, digits and emoji as they are (no compatibility folding)', () => {
    expect(foldText('scam™ ① ½ 😀')).toBe('scam™ ① ½ 😀');
  });
});

describe('keyword matching', () => {
  it.each([
    ['Żółw jest wolny', 'zolw'],
    ['zolw jest wolny', 'żółw'],
    ['ŻÓŁW!', 'żółw'],
    ['Ein Straße', 'strasse'],
    ['Ein Strasse', 'straße'],
    ['this is a SCAM', 'scam'],
    ['free   money now', 'free money'],
    ['sugar-free', 'free'],
    ['scam™', 'scam'],
    ['#ad here', '#ad'],
    ['(scam)', 'scam'],
    ['Łódź, Polska', 'lodz'],
    ['z\u0307o\u0301lw decomposed', 'żółw'],
  ])('%j contains %j', (text, term) => expect(containsKeyword(text, term)).toBe(true));

  it.each([
    ['freedom', 'free'],
    ['scammer', 'scam'],
    ['żółwik', 'zolw'],
    ['#adventure', '#ad'],
    ['free-money', 'free money'],
    ['Straßenbahn', 'strasse'],
    ['', 'scam'],
  ])('%j does not contain %j', (text, term) => expect(containsKeyword(text, term)).toBe(false));

  it('does not let a folded letter glue onto its neighbours', () => {
    // "ß" folds to two letters and "ø" to one: both stay inside their word.
    expect(containsKeyword('großartig', 'ss')).toBe(false);
    expect(containsKeyword('bøg', 'bo')).toBe(false);
    expect(containsKeyword('über alles', 'uber')).toBe(true);
  });

  it('compiles nothing when no term has anything to match', () => {
    expect(compileKeywords(['   '])).toBeNull();
    expect(compileKeywords(['\u0301', ''])).toBeNull();
    expect(compileKeywords([])).toBeNull();
  });

  it('finds every term present, as the rule spells it, in the rule order', () => {
    const matcher = compileKeywords(['money', 'Żółw', 'free money', 'nothing', '#ad', 'free'])!;
    expect(matcher.find(foldText('FREE MONEY from a zolw #ad'))).toEqual(['money', 'Żółw', 'free money', '#ad']);
    expect(matcher.find(foldText('free stuff'))).toEqual(['free']);
    expect(matcher.find(foldText('freedom #adventure'))).toEqual([]);
  });

  it('reports every spelling of a term that folds the same', () => {
    expect(compileKeywords(['zolw', 'Żółw'])!.find(foldText('żółw'))).toEqual(['zolw', 'Żółw']);
  });

  it('can be used again and again (no state left between texts)', () => {
    const matcher = compileKeywords(['scam'])!;
    expect(matcher.find('scam scam')).toEqual(['scam']);
    expect(matcher.find('a scam')).toEqual(['scam']);
    expect(matcher.find('none')).toEqual([]);
  });

  it('escapes regular-expression characters in terms', () => {
    expect(containsKeyword('price (now) 5$ a.b', '(now)')).toBe(true);
    expect(containsKeyword('a.b', 'a.b')).toBe(true);
    expect(containsKeyword('axb', 'a.b')).toBe(false);
    expect(containsKeyword('c++ rocks', 'c++')).toBe(true);
  });

  // The same whole-word semantics as the policy engine's banned terms, on text without accents.
  it.each([
    ['sugar-free', 'free'],
    ['freedom', 'free'],
    ['#ad here', '#ad'],
    ['#adventure', '#ad'],
    ['free\n\tmoney', 'free money'],
    ["don't", 'don'],
    ['snake_case', 'snake'],
    ['x!!!y', '!!!'],
    ['scam2024', 'scam'],
  ])('agrees with containsPhrase on %j / %j', (text, term) => {
    expect(containsKeyword(text, term)).toBe(containsPhrase(text, term));
  });
});
