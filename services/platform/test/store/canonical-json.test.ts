import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { canonicalJson, sealEvents } from '@grid/platform';
import { canonicalEnvelope, canonicalValue } from '../../src/store/canonical-json';
import { canonicalCopy } from '../../src/store/json-value';

// The store's RFC 8785 writer against the `canonicalize` package (the reference it replaced): the same
// text for every JSON value, so hashes written before and after the switch agree.

const runs = { numRuns: 400 };
const numbers = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 1e-7, 123e-20, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, -Number.MAX_VALUE),
);
/** JSON values with numbers of every kind (fc.jsonValue's are tame) and keys that sort differently by code unit. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    numbers,
    fc.string({ unit: 'binary' }),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(
    fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.constantFrom('a', 'B', 'é', '\u{1F600}', '\uFF61', '__proto__', '', '1', '10', '2', '01', 'toJSON'),
    ),
    tie('value'),
    {
      maxKeys: 6,
    },
  ),
})).value;

describe('canonicalValue: RFC 8785 text', () => {
  test('equals the canonicalize package for arbitrary JSON values (ascii, full unicode, lone surrogates)', () => {
    for (const stringUnit of ['grapheme-ascii', 'grapheme', 'binary'] as const)
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit }), (value) => canonicalValue(value) === canonicalize(value)),
        runs,
      );
  });

  test('equals the canonicalize package with numbers of every magnitude and keys in code-unit order', () => {
    fc.assert(
      fc.property(json, (value) => canonicalValue(value) === canonicalize(value)),
      runs,
    );
  });

  test('the text written while copying (JSON.stringify of the sorted copy, or canonicalValue) equals canonicalize', () => {
    fc.assert(
      fc.property(json, (value) => canonicalCopy(value).text === canonicalize(value)),
      runs,
    );
    for (const stringUnit of ['grapheme', 'binary'] as const)
      fc.assert(
        fc.property(fc.jsonValue({ stringUnit }), (value) => canonicalCopy(value).text === canonicalize(value)),
        runs,
      );
    expect(canonicalCopy({ b: 1, 10: 'x', 2: 'y', a: { 1: true } }).text).toBe('{"10":"x","2":"y","a":{"1":true},"b":1}');
  });

  test('known vectors: key order by UTF-16 code units, ES number form, escapes', () => {
    // RFC 8785 §3.2.3: "\u20ac" (€) sorts before "\ud83d\ude00" (😀 as a surrogate pair) before "\ufb33"
    expect(canonicalValue({ '\uFB33': 3, '\u{1F600}': 2, '\u20AC': 1, '\r': 0, '1': 'one', a: [true, null] })).toBe(
      '{"\\r":0,"1":"one","a":[true,null],"\u20AC":1,"\u{1F600}":2,"\uFB33":3}',
    );
    // RFC 8785 appendix B: 333333333.33333329 is written 333333333.3333333, 4.5e-324 (the smallest double) 5e-324
    const numbers = [-0, 1e21, 1e-7, Number('333333333.33333329'), Number('4.5e-324'), 1e23];
    expect(canonicalValue(numbers)).toBe('[0,1e+21,1e-7,333333333.3333333,5e-324,1e+23]');
    expect(canonicalValue({ s: '\u2028\u0007"\\/\uD800' })).toBe('{"s":"\u2028\\u0007\\"\\\\/\\ud800"}');
  });

  test('what JSON cannot carry is refused or written as canonicalize writes it', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 10n, () => 1]) expect(() => canonicalValue({ x: bad })).toThrow(TypeError);
    const at = new Date(Date.UTC(2026, 0, 2));
    const odd = { when: at, skip: undefined, sym: Symbol('s'), list: [undefined, Symbol('t'), 1] };
    expect(canonicalValue(odd)).toBe(canonicalize(odd));
    expect(canonicalValue(odd)).toBe('{"list":[null,null,1],"when":"2026-01-02T00:00:00.000Z"}');
  });

  test('the copy made of a writer’s value is exactly what its canonical text parses back to', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withTypedArray: true,
      withSparseArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        let copy: ReturnType<typeof canonicalCopy>;
        try {
          copy = canonicalCopy(value);
        } catch {
          expect(() => canonicalValue(value)).toThrow();
          return;
        }
        expect(copy.text).toBe(canonicalValue(value));
        expect(JSON.parse(copy.text)).toEqual(copy.value);
        expect(canonicalValue(copy.value)).toBe(copy.text);
      }),
      runs,
    );
  });
});

describe('canonicalEnvelope: the hashed part of an envelope', () => {
  const actor = { id: 'canonical-test', role: 'system' } as const;
  const [sealed] = sealEvents('test-canonical', null, [
    { type: 'platform.probe.recorded', data: { n: 1, note: '低保 复核', list: [1, 'two', null] }, actor, reason: 'review' },
  ]);
  const envelope = { ...sealed!.envelope, globalPosition: 7 };
  const reference = (part: object) => {
    const { hash: _h, globalPosition: _p, ...rest } = part as Record<string, unknown>;
    return canonicalize(rest);
  };

  test('the sealed text is the canonical text of the envelope without hash and position', () => {
    expect(sealed!.canonical).toBe(reference(envelope));
    expect(canonicalJson(envelope)).toBe(sealed!.canonical);
  });

  test('absent, undefined and null members are written as canonicalize writes them', () => {
    const { reason: _r, ...noReason } = envelope;
    for (const part of [noReason, { ...envelope, reason: undefined }, { ...envelope, causationId: 'c-1', traceparent: null }])
      expect(canonicalEnvelope(part)).toBe(reference(part));
  });

  test('a member outside the envelope (a tampered export) is hashed too', () => {
    const extra = { ...envelope, approvedBy: 'nobody' };
    expect(canonicalEnvelope(extra)).toBe(reference(extra));
    expect(canonicalEnvelope(extra)).not.toBe(sealed!.canonical);
    const inherited = Object.assign(Object.create({ approvedBy: 'x' }) as object, envelope);
    expect(canonicalEnvelope(inherited)).toBe(reference(inherited));
  });

  test('arbitrary values in every member are written like canonicalize', () => {
    const members = fc.record({
      eventId: fc.oneof(fc.uuid(), json),
      type: json,
      streamRevision: numbers,
      actor: json,
      data: json,
      reason: fc.option(fc.string({ unit: 'binary' }), { nil: undefined }),
    });
    fc.assert(
      fc.property(members, (changes) => {
        const part = { ...envelope, ...changes, correlationId: randomUUID() };
        return canonicalEnvelope(part) === reference(part);
      }),
      runs,
    );
  });
});
