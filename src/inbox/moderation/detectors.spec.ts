import { contactDetails, hasEmailAddress, hasLink, hasPhoneNumber, isOnlyEmoji, isOnlyMentions } from './detectors';

describe('isOnlyMentions', () => {
  it.each([
    ['@snickers'],
    ['@snickers @mars'],
    ['  @snickers,   @mars!! '],
    ['@jan.kowalski'],
    ['@snickers-pl @żółw_2'],
    ['(@a) @b?\n@c'],
  ])('%j is only mentions', (body) => expect(isOnlyMentions(body)).toBe(true));

  it.each([
    [''],
    ['   '],
    ['!!!'],
    ['@snickers love it'],
    ['love it @snickers'],
    ['jan@example.com'],
    ['@snickers 😀'],
    ['@'],
    ['@ @'],
  ])('%j is not only mentions', (body) => expect(isOnlyMentions(body)).toBe(false));
});

describe('isOnlyEmoji', () => {
  it.each([
    ['😀'],
    ['😀😀 🔥'],
    ['  ❤️  '],
    ['👍🏽'],
    ['👨‍👩‍👧‍👦'],
    ['🇵🇱🇺🇸'],
    ['1️⃣ #️⃣'],
    ['🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['👩🏾‍💻\n🎉'],
  ])('%j is only emoji', (body) => expect(isOnlyEmoji(body)).toBe(true));

  it.each([
    [''],
    ['   '],
    ['123'],
    ['#'],
    ['😀 nice'],
    ['great 🔥'],
    ['😀!'],
    ['@snickers 😀'],
    ['\u200d\ufe0f'],
    [':)'],
  ])('%j is not only emoji', (body) => expect(isOnlyEmoji(body)).toBe(false));
});

describe('hasLink', () => {
  it.each([
    ['see https://example.com/x?y=1'],
    ['HTTP://EXAMPLE.COM'],
    ['go to www.example.org now'],
    ['WWW.EXAMPLE.ORG'],
    ['cheap at bit.ly/abc123'],
    ['visit shop.example.pl today'],
    ['youtu.be/xyz'],
    ['free-stuff.xyz!'],
    ['(example.com)'],
    ['Example.com'],
    ['sklep.co.uk/promo'],
  ])('%j has a link', (body) => expect(hasLink(body)).toBe(true));

  it.each([
    ['I love it.It was great'],
    ['written in node.js'],
    ['see file.txt'],
    ['e.g. this, i.e. that'],
    ['it costs 3.50'],
    ['write to jan@example.com'],
    ['version 1.2.3'],
    ['Mr.Smith said so'],
    ['no link here at all'],
    ['https:/broken'],
  ])('%j has no link', (body) => expect(hasLink(body)).toBe(false));
});

describe('contact details', () => {
  it.each([
    ['write to jan.kowalski@example.com'],
    ['JAN@EXAMPLE.PL'],
    ['zażółć@gęślą.pl'],
    ['first+tag@mail.example.co.uk'],
  ])('%j has an email address', (body) => expect(hasEmailAddress(body)).toBe(true));

  it.each([['@snickers'], ['user@host'], ['a @ b.com'], ['email me']])('%j has no email address', (body) =>
    expect(hasEmailAddress(body)).toBe(false),
  );

  it.each([
    ['call 600 700 800'],
    ['call +48 600 700 800'],
    ['+48600700800'],
    ['(555) 123-4567'],
    ['+1 (555) 123-4567'],
    ['tel. 22-123-45-67'],
    ['06 12 34 56 78'],
    ['030 12345678'],
    ['1234567'],
    ['call 555-1234-567 now'],
    ['600 - 700 - 800'],
  ])('%j has a phone number', (body) => expect(hasPhoneNumber(body)).toBe(true));

  it.each([
    ['see you on 2024-05-01'],
    ['on 01-05-2024'],
    ['on 01.05.2024'],
    ['from 1999-2024'],
    ['from 2020 - 2024'],
    ['it costs $1 000 000'],
    ['it costs 1 299 000 zł'],
    ['only 2 500 000 PLN'],
    ['worth €1234567'],
    ['1 500 000 people'],
    ['pi is 3.14159265'],
    ['order #12345678'],
    ['scores 10 20 30 40'],
    ['1 2 3 4 5 6 7'],
    ['123456'],
    ['a 1234 b 5678'],
    ['1234567890123456'],
    ['600  700  800'],
    ['600\n700\n800'],
    ['ref ABC1234567'],
    ['1 299,99 zł'],
  ])('%j has no phone number', (body) => expect(hasPhoneNumber(body)).toBe(false));

  it('says which kinds were found', () => {
    expect(contactDetails('jan@example.com or 600 700 800')).toEqual({ email: true, phone: true });
    expect(contactDetails('jan@example.com')).toEqual({ email: true, phone: false });
    expect(contactDetails('nothing')).toEqual({ email: false, phone: false });
  });
});
