// The string conditions of VirtualService HTTP matches, made by the `StringMatch` factories.
import { factory } from '../private/factory';
import { fail } from '../validation/error';
import { checkRegex } from './private/checks';

/** How a `StringMatch` compares. */
export enum StringMatchType {
  /** Exact string match. */
  EXACT = 'exact',
  /** Prefix match. */
  PREFIX = 'prefix',
  /** RE2 regular expression (full match). */
  REGEX = 'regex',
}

/**
 * A string condition of an HTTP match (uri, scheme, method, authority, headers, query). A wrong
 * input is reported by the construct receiving the match (its path, the field).
 */
export class StringMatch {
  /** Matches exactly `value`. */
  public static exact(value: string): StringMatch {
    return factory('StringMatch.exact', StringMatch, () => {
      if (typeof value !== 'string') fail('StringMatch.exact', 'value', value, 'must be a string', 'pass the exact value');
      return new StringMatch(StringMatchType.EXACT, value);
    });
  }

  /** Matches values starting with `value`. */
  public static prefix(value: string): StringMatch {
    return factory('StringMatch.prefix', StringMatch, () => {
      if (typeof value !== 'string') fail('StringMatch.prefix', 'value', value, 'must be a string', 'pass the prefix, e.g. "/api"');
      return new StringMatch(StringMatchType.PREFIX, value);
    });
  }

  /** Matches values fully matching the RE2 expression `value` (at most 1024 characters). */
  public static regex(value: string): StringMatch {
    return factory('StringMatch.regex', StringMatch, () => {
      checkRegex('StringMatch.regex', 'value', value);
      return new StringMatch(StringMatchType.REGEX, value);
    });
  }

  private constructor(
    /** How to compare. */
    public readonly type: StringMatchType,
    /** The value compared with. */
    public readonly value: string,
  ) {}

  /** @internal */
  public _toKube(): { exact?: string; prefix?: string; regex?: string } {
    return { [this.type]: this.value };
  }
}
