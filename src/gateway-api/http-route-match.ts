import { factory } from '../private/factory';
import { re2FullMatch } from '../private/re2';
import { checkMatchPath, checkMatchPathRegex } from './private/inputs';

/** How a path is matched. */
export enum PathMatchType {
  /** The whole path, case-sensitive. */
  EXACT = 'Exact',
  /** A prefix, element by element (`/abc` matches `/abc`, `/abc/x`, not `/abcd`). */
  PATH_PREFIX = 'PathPrefix',
  /** A regular expression (implementation-specific; Istio uses RE2). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** How a header is matched. */
export enum HeaderMatchType {
  /** Exact value. */
  EXACT = 'Exact',
  /** Regular expression (implementation-specific; Istio uses RE2). */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** HTTP methods an HTTPRoute can match. */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** TRACE */
  TRACE = 'TRACE',
  /** PATCH */
  PATCH = 'PATCH',
}

/** A path match of an HTTPRoute rule. */
export class HttpPathMatch {
  /** Match exactly this path (e.g. the ACME challenge path). */
  public static exact(path: string): HttpPathMatch {
    return factory('HttpPathMatch.exact', HttpPathMatch, () => {
      checkMatchPath('HttpPathMatch.exact', 'path', path);
      return new HttpPathMatch(PathMatchType.EXACT, path);
    });
  }

  /** Match this path prefix, element by element (`/` matches everything). */
  public static pathPrefix(prefix: string): HttpPathMatch {
    return factory('HttpPathMatch.pathPrefix', HttpPathMatch, () => {
      checkMatchPath('HttpPathMatch.pathPrefix', 'prefix', prefix);
      return new HttpPathMatch(PathMatchType.PATH_PREFIX, prefix);
    });
  }

  /** Match a regular expression: RE2 syntax (Istio's Envoy), matched against the whole path. */
  public static regularExpression(regex: string): HttpPathMatch {
    return factory('HttpPathMatch.regularExpression', HttpPathMatch, () => {
      checkMatchPathRegex('HttpPathMatch.regularExpression', 'regex', regex);
      return new HttpPathMatch(PathMatchType.REGULAR_EXPRESSION, regex);
    });
  }

  private constructor(
    /** How the path is matched. */
    public readonly type: PathMatchType,
    /** The path, prefix or expression. */
    public readonly value: string,
  ) {}

  /**
   * Whether a request path matches, as the Gateway API defines it (regular expressions as
   * Istio's Envoy evaluates them: a full match of the path, with RE2).
   */
  public matchesPath(path: string): boolean {
    if (this.type === PathMatchType.EXACT) return path === this.value;
    if (this.type === PathMatchType.PATH_PREFIX) {
      const prefix = this.value.length > 1 ? this.value.replace(/\/+$/, '') : this.value;
      if (prefix === '/') return path.startsWith('/');
      return path === prefix || path.startsWith(`${prefix}/`);
    }
    return re2FullMatch(this.value, path) === true;
  }
}

/** A header match of an HTTPRoute rule. */
export interface HttpHeaderMatch {
  /** Header name (case-insensitive). */
  readonly name: string;
  /** Value to match. */
  readonly value: string;
  /**
   * How the value is matched.
   *
   * @default HeaderMatchType.EXACT
   */
  readonly type?: HeaderMatchType;
}

/** One match of an HTTPRoute rule: all given conditions must hold. */
export interface HttpRouteMatch {
  /**
   * Path condition.
   *
   * @default HttpPathMatch.pathPrefix('/')
   */
  readonly path?: HttpPathMatch;
  /**
   * Header conditions (at most 16).
   *
   * @default - none
   */
  readonly headers?: HttpHeaderMatch[];
  /**
   * Method condition.
   *
   * @default - any method
   */
  readonly method?: HttpMethod;
}
