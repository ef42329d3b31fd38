// RE2, the regular expression engine of every regex the library writes (not exported from the
// package): Istio validates VirtualService regexes with Go's `regexp` (RE2 syntax,
// pkg/config/validation/validation.go `validateStringRegexp`) and Envoy compiles them, and the
// Gateway API `RegularExpression` matches, with Google RE2 (istio/istio
// pilot/pkg/config/kube/gateway/conversion.go passes them on unchanged). JavaScript's RegExp is a
// different language, so syntax checks and matching both go through re2js, a pure-JavaScript
// port of RE2 (via RE2/J and Go's regexp/syntax; its errors read like Go's).
import type * as Re2js from 're2js';
import { fail, Where } from '../validation/error';
import { requireString } from './fields';

let re2js: typeof Re2js | undefined;

/** re2js, loaded on first use: apps without regular expressions never need it. */
function engine(): typeof Re2js.RE2JS {
  return (re2js ??= require('re2js') as typeof Re2js).RE2JS;
}

/**
 * `pattern` with every named group renamed uniquely (`(?P<a>x)(?P<a>y)` → `(?P<g0>x)(?P<g1>y)`):
 * RE2 and Go accept a name used twice, re2js (after RE2/J) refuses it. Names that are not
 * ASCII word characters are left for the engine to judge; escaped parentheses and `\Q…\E`
 * literals are skipped.
 */
function withUniqueGroupNames(pattern: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.startsWith('\\Q', i)) {
      // a literal section: up to \E or the end
      const end = pattern.indexOf('\\E', i + 2);
      const stop = end < 0 ? pattern.length : end + 2;
      out += pattern.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (pattern[i] === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
      continue;
    }
    const group = /^\(\?P?<[A-Za-z0-9_]+>/.exec(pattern.slice(i, i + 260));
    if (group) {
      out += `(?P<g${n++}>`;
      i += group[0].length - 1;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

/** `pattern` compiled as RE2 does, or why RE2 refuses it (re2js's message, as Go's `regexp.Compile` words it). */
function compile(pattern: string, flags = 0): Re2js.RE2JS | string {
  const RE2JS = engine();
  try {
    return RE2JS.compile(pattern, flags);
  } catch (e) {
    const problem = (e as Error).message;
    // a repeated group name is valid RE2 (re2/parse.cc DoLeftParen) and Go: judge the rest
    if (!problem.includes('duplicate capture group name')) return problem;
    try {
      return RE2JS.compile(withUniqueGroupNames(pattern), flags);
    } catch (again) {
      return (again as Error).message;
    }
  }
}

/** Why RE2 refuses `pattern` (re2js's message, as Go's `regexp.Compile` words it), or undefined. */
export function re2SyntaxProblem(pattern: string): string | undefined {
  const re = compile(pattern);
  return typeof re === 'string' ? re : undefined;
}

/** What to write instead, for the constructs people bring from JavaScript/PCRE. */
function re2Fix(problem: string): string {
  if (/`\(\?<?[=!]/.test(problem)) return 'RE2 has no look-around: drop (?=, (?!, (?<= and (?<!, and match the text itself (or use several matches, or a header/query condition)';
  if (/`\\([1-9]|k)/.test(problem)) return 'RE2 has no back-references (\\1, \\k<name>): repeat the group\'s expression instead, or list the alternatives';
  return 'write RE2 syntax (https://github.com/google/re2/wiki/Syntax): e.g. (?i) for case-insensitive, (?P<name>...) for a named group, [[:alpha:]] classes, repeats up to {1000}';
}

/** Throws unless `v` is a non-empty string that RE2 compiles; the message carries RE2's own reason and a fix. */
export function checkRe2(where: Where, field: string, v: unknown): string {
  requireString(where, field, v, 'write an RE2 regular expression (https://github.com/google/re2/wiki/Syntax)');
  const problem = re2SyntaxProblem(v as string);
  if (problem !== undefined) fail(where, field, v, `RE2 (Istio/Envoy's engine) rejects this regular expression: ${problem}`, re2Fix(problem));
  return v as string;
}

const compiled = new Map<string, Re2js.RE2JS>();

/**
 * Whether `input` matches all of `pattern` (Envoy's `safe_regex` route and header matches are
 * full matches), optionally ignoring case; undefined when RE2 refuses `pattern` (such a
 * pattern can only come from outside the library, whose inputs go through `checkRe2`).
 */
export function re2FullMatch(pattern: string, input: string, ignoreCase = false): boolean | undefined {
  return compiledRe2(pattern, ignoreCase)?.testExact(input);
}

/**
 * Whether `pattern` matches somewhere in `input` (Go's `MatchString`, what the API server does
 * with an OpenAPI `pattern`); undefined when RE2 refuses `pattern`.
 */
export function re2Find(pattern: string, input: string): boolean | undefined {
  return compiledRe2(pattern, false)?.test(input);
}

function compiledRe2(pattern: string, ignoreCase: boolean): Re2js.RE2JS | undefined {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    const c = compile(pattern, ignoreCase ? engine().CASE_INSENSITIVE : 0);
    if (typeof c === 'string') return undefined;
    re = c;
    compiled.set(key, re);
  }
  return re;
}
