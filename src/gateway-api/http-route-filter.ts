import { checkPort, requireArray } from '../private/fields';
import { factory, receive } from '../private/factory';
import { fail } from '../validation/error';
import { checkHeaderName, checkHeaderValue, checkHostname, checkModifierPath } from './private/inputs';

/** A filter changes at most 16 headers per operation (CRD). */
const MAX_HEADERS = 16;
const REDIRECT_STATUS_CODES = [301, 302, 303, 307, 308];

/** Scheme of a redirect. */
export enum RedirectScheme {
  /** http */
  HTTP = 'http',
  /** https */
  HTTPS = 'https',
}

/** Kind of an HTTPRoute filter. */
export enum HttpRouteFilterType {
  /** Answer with a redirect. */
  REQUEST_REDIRECT = 'RequestRedirect',
  /** Rewrite host / path before forwarding. */
  URL_REWRITE = 'URLRewrite',
  /** Set, add or remove request headers. */
  REQUEST_HEADER_MODIFIER = 'RequestHeaderModifier',
}

/** How a redirect or rewrite changes the path. */
export enum PathModifierType {
  /** Replace the whole path. */
  REPLACE_FULL_PATH = 'ReplaceFullPath',
  /** Replace the prefix matched by the rule's (single) PathPrefix match. */
  REPLACE_PREFIX_MATCH = 'ReplacePrefixMatch',
}

/** A path change of a redirect or rewrite. */
export class HttpPathModifier {
  /** Replace the whole path with `path`. */
  public static replaceFullPath(path: string): HttpPathModifier {
    return factory('HttpPathModifier.replaceFullPath', HttpPathModifier, () => {
      checkModifierPath('HttpPathModifier.replaceFullPath', 'path', path);
      return new HttpPathModifier(PathModifierType.REPLACE_FULL_PATH, path);
    });
  }

  /** Replace the matched PathPrefix with `prefix` (the rule needs exactly one PathPrefix match). */
  public static replacePrefixMatch(prefix: string): HttpPathModifier {
    return factory('HttpPathModifier.replacePrefixMatch', HttpPathModifier, () => {
      checkModifierPath('HttpPathModifier.replacePrefixMatch', 'prefix', prefix);
      return new HttpPathModifier(PathModifierType.REPLACE_PREFIX_MATCH, prefix);
    });
  }

  private constructor(
    /** The kind of change. */
    public readonly type: PathModifierType,
    /** The new path or prefix. */
    public readonly value: string,
  ) {}
}

/** Options of `HttpRouteFilter.requestRedirect()`. */
export interface HttpRequestRedirectOptions {
  /**
   * Scheme of the Location.
   *
   * @default - the request's scheme
   */
  readonly scheme?: RedirectScheme;
  /**
   * Host name of the Location.
   *
   * @default - the request's host
   */
  readonly hostname?: string;
  /**
   * Port of the Location.
   *
   * @default - the well-known port of the scheme when a scheme is set (443 for https, left out
   * of the Location), else the listener's port
   */
  readonly port?: number;
  /**
   * Status code: 301 or 302 (core), 303, 307 or 308 (extended support).
   *
   * @default 302
   */
  readonly statusCode?: number;
  /**
   * Path change.
   *
   * @default - the request's path
   */
  readonly path?: HttpPathModifier;
}

/** Options of `HttpRouteFilter.urlRewrite()`. */
export interface HttpUrlRewriteOptions {
  /**
   * New Host header.
   *
   * @default - unchanged
   */
  readonly hostname?: string;
  /**
   * Path change.
   *
   * @default - unchanged
   */
  readonly path?: HttpPathModifier;
}

/** Options of `HttpRouteFilter.requestHeaderModifier()`. */
export interface HttpHeaderModifierOptions {
  /**
   * Headers to set (replacing existing values), name → value.
   *
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to add (appending to existing values), name → value.
   *
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Header names to remove.
   *
   * @default - none
   */
  readonly remove?: string[];
}

/** A filter of an HTTPRoute rule. */
export class HttpRouteFilter {
  /**
   * Answer with a redirect instead of forwarding (e.g. HTTP → HTTPS). A rule with a redirect
   * must not have backendRefs.
   */
  public static requestRedirect(options: HttpRequestRedirectOptions): HttpRouteFilter {
    const where = 'HttpRouteFilter.requestRedirect';
    return factory(where, HttpRouteFilter, () => {
      if (options === null || typeof options !== 'object') fail(where, 'options', options, 'redirect options are required', 'pass e.g. { scheme: RedirectScheme.HTTPS, statusCode: 301 }');
      receive(where, 'path', options.path);
      if (options.scheme !== undefined && options.scheme !== RedirectScheme.HTTP && options.scheme !== RedirectScheme.HTTPS) {
        fail(where, 'scheme', options.scheme, 'scheme must be http or https', 'use RedirectScheme.HTTPS');
      }
      if (options.hostname !== undefined) checkHostname(where, 'hostname', options.hostname, false);
      if (options.port !== undefined) checkPort(where, 'port', options.port);
      if (options.statusCode !== undefined && !REDIRECT_STATUS_CODES.includes(options.statusCode)) {
        fail(where, 'statusCode', options.statusCode, `redirect status code must be one of ${REDIRECT_STATUS_CODES.join(', ')}`, 'use 301 (permanent) or 302 (temporary)');
      }
      checkPathModifier(where, options.path);
      if (options.scheme === undefined && options.hostname === undefined && options.port === undefined && options.path === undefined) {
        fail(where, 'options', options, 'a redirect that changes neither scheme, hostname, port nor path points back at the same URL (redirect loop)',
          'set at least one of scheme, hostname, port or path');
      }
      return new HttpRouteFilter(HttpRouteFilterType.REQUEST_REDIRECT, { ...options, statusCode: options.statusCode ?? 302 });
    });
  }

  /** Rewrite the host and/or path before forwarding. */
  public static urlRewrite(options: HttpUrlRewriteOptions): HttpRouteFilter {
    const where = 'HttpRouteFilter.urlRewrite';
    return factory(where, HttpRouteFilter, () => {
      if (options === null || typeof options !== 'object') fail(where, 'options', options, 'rewrite options are required', 'pass { hostname } and/or { path }');
      receive(where, 'path', options.path);
      if (options.hostname !== undefined) checkHostname(where, 'hostname', options.hostname, false);
      checkPathModifier(where, options.path);
      if (options.hostname === undefined && options.path === undefined) {
        fail(where, 'options', options, 'a rewrite needs a hostname or a path; this one changes nothing', 'set hostname and/or path, or drop the filter');
      }
      return new HttpRouteFilter(HttpRouteFilterType.URL_REWRITE, undefined, { ...options });
    });
  }

  /** Set, add or remove request headers before forwarding. */
  public static requestHeaderModifier(options: HttpHeaderModifierOptions): HttpRouteFilter {
    const where = 'HttpRouteFilter.requestHeaderModifier';
    return factory(where, HttpRouteFilter, () => {
      if (options === null || typeof options !== 'object') fail(where, 'options', options, 'header modifier options are required', 'pass { set }, { add } and/or { remove }');
      const seen = new Map<string, string>();
      const note = (field: string, name: string) => {
        const prev = seen.get(name.toLowerCase());
        if (prev) fail(where, field, name, `header is also changed by ${prev} (header names are case-insensitive)`, 'change each header in one place only');
        seen.set(name.toLowerCase(), field);
      };
      for (const kind of ['set', 'add'] as const) {
        const map = options[kind];
        if (map === undefined) continue;
        if (map === null || typeof map !== 'object') fail(where, kind, map, 'must be a map of header names to values', 'pass e.g. { "x-forwarded-proto": "https" }');
        const entries = Object.entries(map);
        if (entries.length > MAX_HEADERS) fail(where, kind, entries.length, `at most ${MAX_HEADERS} headers`, 'change fewer headers');
        for (const [name, value] of entries) {
          checkHeaderName(where, `${kind}[${JSON.stringify(name)}]`, name);
          checkHeaderValue(where, `${kind}[${JSON.stringify(name)}]`, value);
          note(`${kind}[${JSON.stringify(name)}]`, name);
        }
      }
      const remove = [...requireArray(where, 'remove', options.remove, { fix: 'pass an array of header names' })];
      if (remove.length > MAX_HEADERS) fail(where, 'remove', remove.length, `at most ${MAX_HEADERS} headers`, 'remove fewer headers');
      remove.forEach((name, i) => {
        checkHeaderName(where, `remove[${i}]`, name);
        note(`remove[${i}]`, name);
      });
      if (Object.keys(options.set ?? {}).length + Object.keys(options.add ?? {}).length + remove.length === 0) {
        fail(where, 'options', options, 'a header modifier needs at least one header to set, add or remove', 'set set, add or remove, or drop the filter');
      }
      return new HttpRouteFilter(HttpRouteFilterType.REQUEST_HEADER_MODIFIER, undefined, undefined,
        { ...(options.set ? { set: { ...options.set } } : {}), ...(options.add ? { add: { ...options.add } } : {}), ...(remove.length ? { remove } : {}) });
    });
  }

  private constructor(
    /** The kind of filter. */
    public readonly type: HttpRouteFilterType,
    /** Redirect settings (REQUEST_REDIRECT; statusCode resolved). */
    public readonly redirect?: HttpRequestRedirectOptions,
    /** Rewrite settings (URL_REWRITE). */
    public readonly rewrite?: HttpUrlRewriteOptions,
    /** Header changes (REQUEST_HEADER_MODIFIER). */
    public readonly headerModifier?: HttpHeaderModifierOptions,
  ) {}

  /**
   * The path modifier of a redirect or rewrite, if any.
   *
   * @internal
   */
  public _pathModifier(): HttpPathModifier | undefined {
    return this.redirect?.path ?? this.rewrite?.path;
  }
}

function checkPathModifier(where: string, path: unknown): void {
  if (path !== undefined && !(path instanceof HttpPathModifier)) {
    fail(where, 'path', path, 'must be created with HttpPathModifier.replaceFullPath() or replacePrefixMatch()', 'use the HttpPathModifier factories');
  }
}
