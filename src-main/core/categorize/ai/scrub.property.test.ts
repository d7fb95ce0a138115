import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { _openCategorizeVault, type CategorizeFixture } from '../_categorizeTestSupport';
import { aiPreview, enableAi, suggest } from '../categorizeService';
import { startFakeOpenAi, type FakeOpenAi } from './_fakeOpenAi';
import { GIVEN_NAMES, SURNAMES } from '../../../../src-shared/domain/ai';
import { scrubDescription } from '../../../../src-shared/domain/ai';

const words = (list: string) => list.split(/\s+/).filter((w) => w.length > 0);
const given = fc.constantFrom(...words(GIVEN_NAMES));
const surname = fc.constantFrom(...words(SURNAMES));
const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) =>
  fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));

/** Each kind of personal data, with the exact strings that must never leave. */
const cardNumber = fc
  .tuple(digits(4), digits(4), digits(4), digits(4), fc.constantFrom(' ', '-', ''))
  .map(([a, b, c, d, sep]) => ({
    text: [a, b, c, d].join(sep),
    secrets: [a + b + c + d, a, b, c, d],
  }));
const iban = fc
  .tuple(fc.constantFrom('DE', 'GB', 'FR', 'NL', 'ES'), digits(2), digits(16))
  .map(([cc, check, rest]) => ({
    text: `${cc}${check} ${rest.match(/.{1,4}/g)?.join(' ')}`,
    secrets: [`${cc}${check}`, rest.slice(0, 4)],
  }));
const email = fc
  .tuple(given, surname, fc.constantFrom('gmail.com', 'example.org', 'firma.de'))
  .map(([g, s, d]) => ({
    text: `${g.toLowerCase()}.${s.toLowerCase()}@${d}`,
    secrets: [g, s, '@', d],
  }));
const phone = fc
  .tuple(
    digits(3),
    digits(3),
    digits(4),
    fc.constantFrom('+1 (%a) %b-%c', '%a-%b-%c', '+44 %a %b %c'),
  )
  .map(([a, b, c, shape]) => ({
    text: shape.replace('%a', a).replace('%b', b).replace('%c', c),
    secrets: [a, b, c],
  }));
const person = fc
  .tuple(
    given,
    surname,
    fc.constantFrom('ZELLE TO', 'VENMO FROM', 'TRANSFER TO', 'PAYMENT FROM', ''),
  )
  .map(([g, s, lead]) => ({ text: `${lead} ${g} ${s}`.trim(), secrets: [g, s] }));
const street = fc
  .tuple(
    digits(3),
    fc.constantFrom('MAIN', 'ELM', 'OAK', 'HIGH', 'MARKET', 'CHURCH'),
    fc.constantFrom('ST', 'STREET', 'AVE', 'ROAD', 'BLVD', 'LANE'),
  )
  .map(([n, name, type]) => ({ text: `${n} ${name} ${type}`, secrets: [n, `${name} ${type}`] }));
const pii = fc.oneof(cardNumber, iban, email, phone, person, street);
const merchant = fc.constantFrom(
  'STARBUCKS',
  'SHELL OIL',
  'WHOLE FOODS',
  'NETFLIX.COM',
  'SQ *BLUE BOTTLE',
  'AMAZON MKTPLACE',
);

const description = fc
  .tuple(merchant, fc.array(pii, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([m, parts, before]) => {
    const piiText = parts.map((p) => p.text).join(' ');
    return {
      text: before ? `${piiText} ${m}` : `${m} ${piiText}`,
      secrets: parts.flatMap((p) => p.secrets),
    };
  });

/** Secrets found in `sent` as whole words (a surname like LI is not a leak inside "UTILITIES"). */
function leaks(sent: string, secrets: readonly string[]): string[] {
  const upper = sent.toUpperCase();
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = secrets.filter(
    (secret) =>
      secret.trim() !== '' &&
      new RegExp(`(?<![A-Z0-9])${escape(secret.toUpperCase())}(?![A-Z0-9])`).test(upper),
  );
  if (/\d{4}/.test(sent)) found.push('a run of 4+ digits');
  return found;
}

describe('scrubbing what goes to the AI helper', () => {
  it('removes every generated piece of personal data from a description', () => {
    fc.assert(
      fc.property(description, ({ text, secrets }) => {
        expect(leaks(scrubDescription(text), secrets)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the merchant', () => {
    expect(scrubDescription('POS 4411-2233-4455-6677 STARBUCKS #0042 12 MAIN ST SEATTLE WA')).toBe(
      'POS STARBUCKS SEATTLE WA',
    );
  });

  describe('end to end, through the SDK to the fake server', () => {
    let f: CategorizeFixture;
    let fake: FakeOpenAi;
    beforeEach(async () => {
      f = await _openCategorizeVault('Joint Account Maria');
      fake = await startFakeOpenAi(() => null);
    });
    afterEach(async () => {
      await fake.close();
      f.close();
    });

    it('no generated personal data, account name, amount or long digit run reaches the server', async () => {
      const samples = fc.sample(description, { numRuns: 150, seed: 42 });
      const amounts: number[] = [];
      f.vault.db.transaction(() => {
        samples.forEach((sample, i) => {
          const amount = -(100_000 + i * 7919);
          amounts.push(amount);
          f.add(sample.text, { amount, memo: `balance 98765.43 ${sample.text}` });
        });
      })();
      enableAi(f.vault, { mode: 'own-key', apiKey: 'sk-fake', baseUrl: fake.baseURL });
      aiPreview(f.vault);
      await suggest(f.vault, { limit: 1000 });
      expect(fake.requests.length).toBeGreaterThan(0);
      const sent = JSON.stringify(fake.requests.map((r) => r.body));
      const descriptions = fake.requests
        .flatMap((r) => {
          const body = r.body as { messages: { role: string; content: string }[] };
          const user = body.messages.find((m) => m.role === 'user');
          return (JSON.parse(user?.content ?? '{}') as { items: { description: string }[] }).items;
        })
        .map((item) => item.description)
        .join('\n');
      const secrets = samples.flatMap((s) => s.secrets);
      expect(leaks(descriptions, secrets)).toEqual([]);
      expect(sent).not.toMatch(/\d{4}/);
      expect(sent).not.toMatch(/MARIA|JOINT ACCOUNT/i);
      for (const amount of amounts) expect(sent).not.toContain(String(Math.abs(amount)));
      expect(sent).not.toContain('98765');
    });
  });
});
