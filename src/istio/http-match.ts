// One HTTP match of a VirtualService rule, made by the `HttpMatch` factories.
import * as istio from '../../imports/istio-networking-networking.istio.io';
import { factory, receive } from '../private/factory';
import { checkLabels, checkNamespaceName, checkPort, requireArray, requireString } from '../private/fields';
import { fail } from '../validation/error';
import { IGateway } from './gateway';
import { checkGatewayRef } from './private/checks';
import { JWT_CLAIM, MESH } from './routing';
import { StringMatch, StringMatchType } from './string-match';

const HEADER_NAME = /^[-_A-Za-z0-9]+$/;
const SINGLE_CONDITIONS = ['uri', 'scheme', 'method', 'authority'] as const;
const MAP_CONDITIONS = ['headers', 'withoutHeaders', 'queryParams'] as const;

/** Conditions of one HTTP match; all given conditions must hold. */
export interface HttpMatchOptions {
  /**
   * Name of the match, for debugging and access logs.
   *
   * @default - none
   */
  readonly name?: string;
  /**
   * Path condition.
   *
   * @default - any path
   */
  readonly uri?: StringMatch;
  /**
   * URI scheme (`http`, `https`).
   *
   * @default - any scheme
   */
  readonly scheme?: StringMatch;
  /**
   * HTTP method.
   *
   * @default - any method
   */
  readonly method?: StringMatch;
  /**
   * Authority (Host header).
   *
   * @default - any authority
   */
  readonly authority?: StringMatch;
  /**
   * Header conditions by lowercase header name (or `@request.auth.claims.<claim>` for JWT
   * claims, gateway-bound routes only).
   *
   * @default - none
   */
  readonly headers?: { [name: string]: StringMatch };
  /**
   * Headers that must not match.
   *
   * @default - none
   */
  readonly withoutHeaders?: { [name: string]: StringMatch };
  /**
   * Query parameter conditions.
   *
   * @default - none
   */
  readonly queryParams?: { [name: string]: StringMatch };
  /**
   * Case-insensitive `uri` matching.
   *
   * @default false
   */
  readonly ignoreUriCase?: boolean;
  /**
   * Port the request arrived on (for hosts served on several ports).
   *
   * @default - any port
   */
  readonly port?: number;
  /**
   * Restrict the match to these gateways (overrides the VirtualService's gateways).
   *
   * @default - the VirtualService's gateways
   */
  readonly gateways?: IGateway[];
  /**
   * With `gateways`: also apply the match to the mesh's sidecars.
   *
   * @default false
   */
  readonly includeMesh?: boolean;
  /**
   * Labels of the calling workload (sidecar routes only).
   *
   * @default - any workload
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * Namespace of the calling workload (sidecar routes only).
   *
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
}

/**
 * One HTTP match of a route (`http[].match[]`). A wrong input is reported by the construct
 * receiving the match (its path, the field).
 */
export class HttpMatch {
  /** Requests whose path starts with `prefix` (e.g. `/.well-known/acme-challenge/`). */
  public static uriPrefix(prefix: string, options: HttpMatchOptions = {}): HttpMatch {
    return factory('HttpMatch.uriPrefix', HttpMatch, () => HttpMatch.of({ ...options, uri: StringMatch.prefix(prefix) }));
  }

  /** Requests whose path is exactly `path`. */
  public static uriExact(path: string, options: HttpMatchOptions = {}): HttpMatch {
    return factory('HttpMatch.uriExact', HttpMatch, () => HttpMatch.of({ ...options, uri: StringMatch.exact(path) }));
  }

  /** Requests whose path fully matches the RE2 expression `regex`. */
  public static uriRegex(regex: string, options: HttpMatchOptions = {}): HttpMatch {
    return factory('HttpMatch.uriRegex', HttpMatch, () => HttpMatch.of({ ...options, uri: StringMatch.regex(regex) }));
  }

  /** A match with any combination of conditions. */
  public static of(options: HttpMatchOptions): HttpMatch {
    const where = 'HttpMatch.of';
    return factory(where, HttpMatch, () => {
      if (options === null || typeof options !== 'object') fail(where, 'options', options, 'must be an object of conditions', 'pass e.g. { uri: StringMatch.prefix("/") }');
      for (const key of SINGLE_CONDITIONS) receive(where, key, options[key]);
      for (const key of MAP_CONDITIONS) for (const [name, m] of Object.entries(options[key] ?? {})) receive(where, `${key}[${JSON.stringify(name)}]`, m);
      if (options.name !== undefined) requireString(where, 'name', options.name, 'name the match or omit the name');
      for (const key of SINGLE_CONDITIONS) {
        const m = options[key];
        if (m === undefined) continue;
        if (!(m instanceof StringMatch)) fail(where, key, m, 'must be a StringMatch', 'use StringMatch.exact/prefix/regex');
        // an empty uri prefix matches everything and is allowed; other empty prefixes are rejected upstream
        if (key !== 'uri' && m.type === StringMatchType.PREFIX && m.value === '') fail(where, key, m.value, 'prefix string match should not be empty', 'use a non-empty prefix or omit the condition');
      }
      for (const key of MAP_CONDITIONS) {
        for (const [name, m] of Object.entries(options[key] ?? {})) {
          const f = `${key}[${JSON.stringify(name)}]`;
          if (!(m instanceof StringMatch)) fail(where, f, m, 'must be a StringMatch', 'use StringMatch.exact/prefix/regex');
          if (m.type === StringMatchType.PREFIX && m.value === '') fail(where, f, m.value, 'prefix string match should not be empty', 'use a non-empty prefix');
          if (key === 'queryParams') {
            if (name.length === 0) fail(where, f, name, 'query parameter name must not be empty', 'name the parameter');
          } else if (!HEADER_NAME.test(name) && !JWT_CLAIM.test(name)) {
            fail(where, f, name, 'is not a valid header name (letters, digits, "-" and "_")', 'use the header name, e.g. "x-user", or "@request.auth.claims.<claim>" for JWT claims');
          }
        }
      }
      if (options.port !== undefined) checkPort(where, 'port', options.port);
      if (options.sourceNamespace !== undefined) checkNamespaceName(where, 'sourceNamespace', options.sourceNamespace);
      checkLabels(where, 'sourceLabels', options.sourceLabels);
      requireArray(where, 'gateways', options.gateways, { fix: 'pass istio.Gateway references' }).forEach((g, i) => checkGatewayRef(where, `gateways[${i}]`, g));
      if (options.includeMesh && !options.gateways?.length) fail(where, 'includeMesh', true, 'includeMesh only adds the mesh to match-level gateways', 'list gateways too, or omit both to use the VirtualService\'s');
      return new HttpMatch({ ...options });
    });
  }

  private constructor(
    /** The conditions, as given. */
    public readonly options: HttpMatchOptions,
  ) {}

  /** Whether a JWT claim header condition is used (gateway-bound routes only). */
  public get usesJwtClaims(): boolean {
    return [...Object.keys(this.options.headers ?? {}), ...Object.keys(this.options.withoutHeaders ?? {})].some((h) => JWT_CLAIM.test(h));
  }

  /** @internal */
  public _toKube(): istio.VirtualServiceSpecHttpMatch {
    const o = this.options;
    const map = (m?: { [name: string]: StringMatch }) => m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v._toKube()]));
    const gateways = o.gateways?.length ? [...o.gateways.map((g) => g.qualifiedName), ...(o.includeMesh ? [MESH] : [])] : undefined;
    return {
      name: o.name,
      uri: o.uri?._toKube(),
      scheme: o.scheme?._toKube(),
      method: o.method?._toKube(),
      authority: o.authority?._toKube(),
      headers: map(o.headers),
      withoutHeaders: map(o.withoutHeaders),
      queryParams: map(o.queryParams),
      ignoreUriCase: o.ignoreUriCase,
      port: o.port,
      gateways,
      sourceLabels: o.sourceLabels,
      sourceNamespace: o.sourceNamespace,
    };
  }
}
