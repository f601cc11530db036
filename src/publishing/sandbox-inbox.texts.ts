// The sandbox's phrase bank: what customers write to a snack brand, in English and Polish.
// Slots: {product} {n} {email} {phone} {code} {friend} {city}; the generator fills them.

export type Lang = 'en' | 'pl';

/** What a message is, before the generator picks its kind: each has its texts per language. */
export type Category = 'question' | 'complaint' | 'praise' | 'spam' | 'emoji' | 'tags' | 'chatter' | 'review';

export const PRODUCTS: Record<Lang, string[]> = {
  en: ['the peanut bar', 'the ice cream bar', 'the protein bar', 'the new hazelnut flavour', 'the family pack', 'the mini bites'],
  pl: ['batonik orzechowy', 'lody w batonie', 'baton proteinowy', 'nowy smak laskowy', 'paczka rodzinna', 'mini batoniki'],
};

export const CITIES = ['London', 'Manchester', 'Kraków', 'Warszawa', 'Gdańsk', 'Łódź', 'Dublin', 'Wrocław'];

export const TEXTS: Record<Exclude<Category, 'emoji' | 'tags'>, Record<Lang, string[]>> = {
  question: {
    en: [
      'Where can I buy {product} in {city}?',
      'Is {product} gluten free?',
      'Does {product} contain palm oil? Asking for my daughter.',
      'When is {product} coming back to the shops?',
      'How many calories are in {product}?',
      'Do you ship to Ireland? Order #{n} question',
    ],
    pl: [
      'Gdzie mogę kupić {product} w mieście {city}?',
      'Czy {product} jest bezglutenowy?',
      'Czy {product} zawiera olej palmowy?',
      'Kiedy {product} wróci do sklepów?',
      'Ile kalorii ma {product}? Pytam dla znajomej.',
      'Czy wysyłacie za granicę? Zamówienie nr {n}',
    ],
  },
  complaint: {
    en: [
      'My order #{n} never arrived. Please call me on {phone}.',
      '{product} was completely melted when I opened it. Not happy.',
      'Found a piece of plastic in {product}!! Contact me at {email}',
      'Third time the delivery is late. Terrible service.',
      'The price of {product} went up again and the bar got smaller. Shameful.',
      'I want a refund for order #{n}, nobody answers my emails.',
    ],
    pl: [
      'Zamówienie nr {n} nie dotarło. Proszę o kontakt: {phone}.',
      '{product} był cały roztopiony po otwarciu. Porażka.',
      'Znalazłem kawałek plastiku w produkcie! Piszcie na {email}',
      'Już trzeci raz dostawa się spóźnia. Fatalna obsługa.',
      'Cena znowu w górę, a baton coraz mniejszy. Żenada.',
      'Chcę zwrot pieniędzy za zamówienie nr {n}, nikt nie odpisuje na maile.',
    ],
  },
  praise: {
    en: [
      'Just tried {product} and wow. Best snack ever!',
      'Thank you for the quick help with my order, you are the best 🙌',
      '{product} got me through my exams in {city} 😂',
      'Love the new packaging, so much better!',
      'My kids are obsessed with {product} ❤️',
    ],
    pl: [
      'Właśnie spróbowałam: {product} jest genialny!',
      'Dziękuję za szybką pomoc z zamówieniem, jesteście super 🙌',
      '{product} uratował mi sesję 😂',
      'Nowe opakowanie jest świetne, dużo lepsze!',
      'Moje dzieci uwielbiają {product} ❤️',
    ],
  },
  spam: {
    en: [
      'Earn $500 a day from home 👉 https://bit.ly/{code} DM me!',
      'FREE followers!!! Visit http://boost-{code}.example.biz now',
      'Crypto giveaway, send 0.1 BTC and get 1 BTC back: https://{code}.giveaway.example',
      'Hot singles in {city} ➡️ https://t.example/{code}',
      'Wholesale sneakers cheap, write to sales{n}@promo-mail.example or WhatsApp {phone}',
    ],
    pl: [
      'Zarabiaj 3000 zł tygodniowo w domu! Szczegóły: https://bit.ly/{code}',
      'Darmowe obserwacje, wejdź na http://boost-{code}.example.biz',
      'Tanie perfumy, pisz na {email} albo dzwoń {phone}',
    ],
  },
  chatter: {
    en: ['Who else is watching this at 3am?', 'Tag someone who needs this today', 'First!', 'This ad is everywhere lol', 'Same energy as my Monday'],
    pl: ['Kto jeszcze ogląda to o 3 w nocy?', 'Oznacz kogoś, kto tego potrzebuje', 'Pierwszy!', 'Ta reklama jest wszędzie haha', 'Poniedziałek w pigułce'],
  },
  review: {
    en: ['★★★★★ Great taste, fast delivery.', '★★★★☆ Good, a bit too sweet for me.', '★☆☆☆☆ Arrived broken and nobody replied.', '★★☆☆☆ Smaller than it used to be.'],
    pl: ['★★★★★ Świetny smak, szybka dostawa.', '★★★★☆ Dobre, trochę za słodkie.', '★☆☆☆☆ Przyszło połamane i nikt nie odpisał.', '★★☆☆☆ Kiedyś był większy.'],
  },
};

/** A follow-up by the same author in their own thread. */
export const FOLLOW_UPS: Record<Lang, string[]> = {
  en: ['Any update on this?', 'Still waiting for an answer...', 'Hello?? Anyone there?', 'Thanks, that helps!'],
  pl: ['Są jakieś nowości?', 'Dalej czekam na odpowiedź...', 'Halo? Jest tu ktoś?', 'Dzięki, to pomogło!'],
};

export const EMOJI_ONLY = ['😍😍😍', '🔥🔥', '👏👏👏', '❤️', '😂😂', '🤤🍫', '👍', '🙌🙌'];

export const FIRST_NAMES: Record<Lang, string[]> = {
  en: ['Emma', 'Oliver', 'Amelia', 'Jack', 'Isla', 'Harry', 'Sophie', 'Noah', 'Grace', 'Leo', 'Chloe', 'Liam'],
  pl: ['Zofia', 'Łukasz', 'Małgorzata', 'Paweł', 'Agnieszka', 'Michał', 'Anna', 'Tomasz', 'Katarzyna', 'Jędrzej'],
};

export const LAST_NAMES: Record<Lang, string[]> = {
  en: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Wright'],
  pl: ['Nowak', 'Wójcik', 'Kowalczyk', 'Zieliński', 'Woźniak', 'Kamińska', 'Dąbrowski', 'Lewandowska'],
};

export const SPAM_ACCOUNTS = ['cash_queen_2026', 'free.followers.now', 'crypto_giveaway_official', 'promo_deals_24', 'zarabiaj_w_domu'];
