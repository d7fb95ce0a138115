import { describe, expect, it } from 'vitest';
import { decodeEntities, MarkupTokenizer, type MarkupHandler } from './markupTokenizer';

type Token = [kind: string, ...rest: (string | number)[]];

function tokens(pieces: string[], limits = {}): Token[] {
  const out: Token[] = [];
  const handler: MarkupHandler = {
    open: (name, attributes, line) => out.push(['open', name, ...attributes.flat(), line]),
    close: (name, line) => out.push(['close', name, line]),
    text: (text, line) => out.push(['text', text, line]),
    instruction: (target, body, line) => out.push(['pi', target, body, line]),
  };
  const tokenizer = new MarkupTokenizer(handler, limits);
  for (const piece of pieces) tokenizer.feed(piece);
  tokenizer.end();
  return out;
}

describe('MarkupTokenizer', () => {
  it('splits SGML and XML into tags and text, with lines', () => {
    expect(
      tokens([
        '<?xml version="1.0"?>\n<A x="1>2" y=\'z\'>\r\n<B>v&amp;w</B><C/>\r<!-- c -->\n</A>',
      ]),
    ).toEqual([
      ['pi', 'xml', 'version="1.0"', 1],
      ['text', '\n', 1],
      ['open', 'A', 'x', '1>2', 'y', 'z', 2],
      ['text', '\r\n', 2],
      ['open', 'B', 3],
      ['text', 'v&w', 3],
      ['close', 'B', 3],
      ['open', 'C', 3],
      ['close', 'C', 3],
      ['text', '\r', 3],
      ['text', '\n', 4],
      ['close', 'A', 5],
    ]);
  });

  it('gives the same tokens however the text is cut', () => {
    const text =
      '<OFX>\r\n<NAME>AT&T <![CDATA[<raw>]]>\r\n<!-- x --><MEMO>&#233;&#xE9;&bogus;</OFX>';
    const whole = tokens([text]);
    for (let cut = 1; cut < text.length; cut += 1) {
      for (let second = cut + 1; second < text.length; second += 7) {
        expect(tokens([text.slice(0, cut), text.slice(cut, second), text.slice(second)])).toEqual(
          whole,
        );
      }
    }
  });

  it('never expands entities from the file: DTD subsets are refused, unknown references stay', () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n<!ENTITY lol2 "&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>';
    expect(() => tokens([laughs])).toThrow('line 2: the file defines its own entities');
    const xxe = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>';
    expect(() => tokens([xxe])).toThrow('line 1: the file defines its own entities');
    expect(tokens(['<!DOCTYPE OFX><x>&e;</x>'])).toContainEqual(['text', '&e;', 1]);
    expect(decodeEntities('&lt;&gt;&quot;&apos;&amp;amp;&#0;&#xD800;&#x1F600;')).toBe(
      '<>"\'&amp;&#0;&#xD800;😀',
    );
  });

  it('bounds text and tags', () => {
    expect(() => tokens(['<A>', 'x'.repeat(2000), '</A>'], { maxText: 1024 })).toThrow(
      'line 1: text longer than 1 KiB',
    );
    expect(() => tokens([`<A ${'b="c" '.repeat(400)}>`], { maxMarkup: 1024 })).toThrow(
      'a tag longer than 1 KiB',
    );
    expect(() => tokens([`<A ${'b="c" '.repeat(40)}>`])).toThrow('too many attributes');
  });

  it('reports a file that ends inside a tag, and stray markup, with the line', () => {
    expect(() => tokens(['<A>\n<B>x\n<TRNA'])).toThrow(
      'line 3: the file ends inside a tag; it looks truncated',
    );
    expect(() => tokens(['<A>\n<!-- never closed'])).toThrow('line 2: the file ends inside a tag');
    expect(() => tokens(['<A>\n< B>'])).toThrow('line 2: unexpected "< "');
    expect(() => tokens(['<A>\n</1x>'])).toThrow('line 2: unreadable tag name "1x"');
  });
});
