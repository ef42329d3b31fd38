// The one RE2 check and matcher (src/private/re2.ts), over re2js: what RE2 accepts and refuses is
// Go's regexp/syntax (Istio's validation webhook, pkg/config/validation/validation.go
// validateStringRegexp) and Google RE2 (Envoy); re2js is a port of both.
import { checkRe2, re2FullMatch, re2SyntaxProblem } from '../../src/private/re2';
import { expectFailure } from '../util/expect';

describe('RE2 syntax', () => {
  test.each([
    '(?i)/api/.*', // inline flags
    '(?P<name>a+)', '(?<name>a+)', // named groups, both spellings (RE2 2023-06+, Go 1.22+)
    '[[:alpha:]]+', '\\pL+', '\\p{Greek}', // POSIX and Unicode classes
    '(?s:.)(?U)a+', 'a{1000}', '\\Qa.b\\E', '\\x{41}',
    // a name used twice: RE2 (re2/parse.cc DoLeftParen keeps no set of names) and Go accept it, re2js alone refuses it
    '(?P<v>a)(?P<v>b)', '(?P<v>a)|(?<v>b)', '[(?P<v>](?P<v>a)(?P<v>b)',
  ])('accepts %s', (re) => expect(re2SyntaxProblem(re)).toBeUndefined());

  test('a repeated group name hides no other problem', () => {
    expect(re2SyntaxProblem('(?P<v>a)|(?P<v>(?=b))')).toBe('error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    expect(re2SyntaxProblem('(?P<v>a)\\(?P<v>b)')).toMatch(/^error parsing regexp: unexpected \)/); // the second group is escaped: one ) too many
    // a \Q…\E literal is not a group: left as written
    expect(re2FullMatch('\\Q(?P<v>\\E(?P<v>a)(?P<v>b)', '(?P<v>ab')).toBe(true);
  });

  test.each([
    ['(?=a)b', 'invalid or unsupported Perl syntax: `(?=`'], // look-ahead
    ['(?<=a)b', 'invalid named capture: `(?<=a)b`'], // look-behind
    ['(a)\\1', 'invalid escape sequence: `\\1`'], // back-reference
    ['a{1001}', 'invalid repeat count: `{1001}`'], // RE2's repeat limit
    ['a++', 'invalid nested repetition operator: `++`'], // possessive quantifiers
    ['(?<n>a)\\k<n>', 'invalid escape sequence: `\\k`'],
    ['\\Z', 'invalid escape sequence: `\\Z`'],
    ['/(a', 'missing closing ): `/(a`'],
  ])('refuses %s: %s', (re, why) => expect(re2SyntaxProblem(re)).toBe(`error parsing regexp: ${why}`));

  test('checkRe2 names the field, the value, RE2\'s reason and the fix', () => {
    expect(checkRe2('X', 'f', '(?i)a')).toBe('(?i)a');
    expectFailure(() => checkRe2('X', 'f', '(?=a)b'), {
      path: 'X', field: 'f', value: '"(?=a)b"',
      problem: "RE2 (Istio/Envoy's engine) rejects this regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?=`",
      fix: /^RE2 has no look-around/,
    });
    expectFailure(() => checkRe2('X', 'f', ''), { path: 'X', field: 'f', value: '""', problem: 'is required', fix: /^write an RE2 regular expression/ });
  });
});

describe('RE2 full match', () => {
  test('the whole input, optionally ignoring case; undefined for what RE2 refuses', () => {
    expect(re2FullMatch('/api/.*', '/api/x')).toBe(true);
    expect(re2FullMatch('/api', '/api/x')).toBe(false);
    expect(re2FullMatch('a|ab', 'ab')).toBe(true); // a full match, not the leftmost-first alternative
    expect(re2FullMatch('/API/.*', '/api/x')).toBe(false);
    expect(re2FullMatch('/API/.*', '/api/x', true)).toBe(true);
    expect(re2FullMatch('(?i)/API/.*', '/api/x')).toBe(true);
    expect(re2FullMatch('(?=a)', 'a')).toBeUndefined();
  });
});

describe('re2js is loaded on first use', () => {
  test('building an app without regular expressions does not load it; the first regex does', () => {
    let loads = 0;
    jest.isolateModules(() => {
      jest.doMock('re2js', () => {
        loads++;
        return jest.requireActual('re2js');
      });
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require('../../src');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Testing, Chart } = require('cdk8s');
        const chart = new Chart(Testing.app(), 'test', { namespace: 'web' });
        const gw = new lib.istio.Gateway(chart, 'Gw', { metadata: { namespace: 'istio-system' } });
        gw.addHttpServer({ hosts: ['shop.example.com'] });
        new lib.istio.VirtualService(chart, 'Vs', { hosts: ['shop.example.com'], gateways: [gw] })
          .addHttpRoute({ matches: [lib.istio.HttpMatch.uriPrefix('/')], destinations: [{ host: 'shop' }] });
        Testing.synth(chart);
        expect(loads).toBe(0);
        lib.istio.HttpMatch.uriRegex('(?i)/api/.*');
        expect(loads).toBe(1);
      } finally {
        jest.dontMock('re2js');
      }
    });
  });
});
