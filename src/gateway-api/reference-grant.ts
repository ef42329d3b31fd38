import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { clusterOf } from '../private/cluster';
import { resolveMetadata } from '../private/metadata';
import { members, register } from '../private/registry';
import { describeProblem, fail } from '../validation/error';
import { arrayOf, checkGroup, checkKind, checkNamespace, GATEWAY_API_GROUP } from './checks';
import { plainRendering } from '../private/plain-render';

/** The ReferenceGrant API object, rendered without token resolution when it holds none (src/private/plain-render.ts). */
const ReferenceGrantObject = plainRendering(gw.ReferenceGrant, gw.toJson_ReferenceGrantProps);

/** The CRD allows at most 16 entries in `from` and in `to`. */
const MAX_ENTRIES = 16;
const REGISTRY = 'gateway-api.ReferenceGrant';

/** Who may refer to objects in the grant's namespace. */
export interface ReferenceGrantFrom {
  /**
   * API group of the referring kind.
   *
   * @default 'gateway.networking.k8s.io'
   */
  readonly group?: string;
  /** Kind of the referring object, e.g. `Gateway` or `HTTPRoute`. */
  readonly kind: string;
  /** Namespace of the referring objects. */
  readonly namespace: string;
}

/** What may be referred to in the grant's namespace. */
export interface ReferenceGrantTo {
  /**
   * API group of the referent; `""` for core kinds.
   *
   * @default '' (core: Secret, Service)
   */
  readonly group?: string;
  /** Kind of the referent, e.g. `Secret` or `Service`. */
  readonly kind: string;
  /**
   * Name of the one object that may be referred to.
   *
   * @default - every object of this kind in the namespace
   */
  readonly name?: string;
}

/** Properties of a `ReferenceGrant`. */
export interface ReferenceGrantProps {
  /**
   * Name, namespace (the namespace whose objects are shared), labels and annotations.
   *
   * @default - name from the construct id; namespace of the chart, else `default`
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Referring objects that are trusted. At least one is required by synth time
   * (`addFrom()`).
   *
   * @default - none
   */
  readonly from?: ReferenceGrantFrom[];
  /**
   * Objects that may be referred to. At least one is required by synth time (`addTo()`).
   *
   * @default - none
   */
  readonly to?: ReferenceGrantTo[];
}

/**
 * A Gateway API `ReferenceGrant` (gateway.networking.k8s.io/v1beta1): lets objects in other
 * namespaces refer to objects in this one, e.g. a Gateway in `istio-ingress` to a certificate
 * Secret in `certs`, or an HTTPRoute to a Service in another namespace. Without it the Gateway
 * API ignores cross-namespace references (`RefNotPermitted`).
 *
 * `Gateway` creates the grants its certificate references need on its own
 * (`createReferenceGrants`); use this construct for everything else.
 */
export class ReferenceGrant extends Construct {
  /**
   * Whether some `ReferenceGrant` in the app (same cluster) in namespace `toNamespace` lets
   * `from` refer to `to`. Looks only at grants in that namespace, so the check stays linear.
   *
   * @internal
   */
  public static _isGranted(scope: IConstruct, toNamespace: string, from: Required<ReferenceGrantFrom>, to: Required<ReferenceGrantTo>): boolean {
    return members(REGISTRY, registryKey(scope, toNamespace), scope).some((g) => (g as ReferenceGrant)._permits(from, to));
  }

  /** The L1 object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`: the namespace whose objects are shared. */
  public readonly namespace: string;

  private readonly _from: Required<ReferenceGrantFrom>[] = [];
  private readonly _to: ReferenceGrantTo[] = [];

  public constructor(scope: Construct, id: string, props: ReferenceGrantProps = {}) {
    super(scope, id);
    const metadata = resolveMetadata(this, props.metadata, { namespaced: true, kind: 'ReferenceGrant' });
    this.name = metadata.name!;
    this.namespace = metadata.namespace!;
    arrayOf(this, 'from', props.from).forEach((f) => this.addFrom(f));
    arrayOf(this, 'to', props.to).forEach((t) => this.addTo(t));

    this.apiObject = new ReferenceGrantObject(this, 'Resource', {
      metadata,
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    register(REGISTRY, registryKey(this, this.namespace), this);

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        if (this._from.length === 0) errors.push(describeProblem('from', [], 'a ReferenceGrant needs at least one "from" entry', 'call addFrom({ kind, namespace })'));
        if (this._to.length === 0) errors.push(describeProblem('to', [], 'a ReferenceGrant needs at least one "to" entry', 'call addTo({ kind, name })'));
        return errors;
      },
    });
  }

  /** Trust references from objects of a kind in a namespace. */
  public addFrom(from: ReferenceGrantFrom): void {
    const field = `from[${this._from.length}]`;
    if (from === null || typeof from !== 'object') fail(this, field, from, 'must be an object { group, kind, namespace }', 'pass e.g. { kind: "Gateway", namespace: "istio-ingress" }');
    const entry = { group: from.group ?? GATEWAY_API_GROUP, kind: from.kind, namespace: from.namespace };
    checkGroup(this, `${field}.group`, entry.group);
    checkKind(this, `${field}.kind`, entry.kind);
    checkNamespace(this, `${field}.namespace`, entry.namespace);
    if (this._from.some((f) => f.group === entry.group && f.kind === entry.kind && f.namespace === entry.namespace)) return;
    if (this._from.length >= MAX_ENTRIES) fail(this, field, from, `a ReferenceGrant allows at most ${MAX_ENTRIES} "from" entries`, 'split the grant into several ReferenceGrants');
    this._from.push(entry);
  }

  /** Allow references to objects of a kind (optionally one object by name). */
  public addTo(to: ReferenceGrantTo): void {
    const field = `to[${this._to.length}]`;
    if (to === null || typeof to !== 'object') fail(this, field, to, 'must be an object { group, kind, name }', 'pass e.g. { kind: "Secret", name: "shop-tls" }');
    const entry: ReferenceGrantTo = { group: to.group ?? '', kind: to.kind, ...(to.name !== undefined ? { name: to.name } : {}) };
    checkGroup(this, `${field}.group`, entry.group);
    checkKind(this, `${field}.kind`, entry.kind);
    if (entry.name !== undefined && (typeof entry.name !== 'string' || entry.name.length === 0 || entry.name.length > 253)) {
      fail(this, `${field}.name`, entry.name, 'name must be a string of 1 to 253 characters', 'name the object, or leave name out to allow every object of the kind');
    }
    if (this._to.some((t) => t.group === entry.group && t.kind === entry.kind && t.name === entry.name)) return;
    if (this._to.length >= MAX_ENTRIES) fail(this, field, to, `a ReferenceGrant allows at most ${MAX_ENTRIES} "to" entries`, 'split the grant into several ReferenceGrants or leave out name to allow the whole kind');
    this._to.push(entry);
  }

  /** The trusted referrers (copy). */
  public get from(): ReferenceGrantFrom[] {
    return this._from.map((f) => ({ ...f }));
  }

  /** The allowed referents (copy). */
  public get to(): ReferenceGrantTo[] {
    return this._to.map((t) => ({ ...t }));
  }

  /**
   * Whether this grant lets `from` refer to the object `to` (in this grant's namespace).
   *
   * @internal
   */
  public _permits(from: Required<ReferenceGrantFrom>, to: Required<ReferenceGrantTo>): boolean {
    return this._from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace)
      && this._to.some((t) => (t.group ?? '') === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name));
  }

  private _toSpec(): gw.ReferenceGrantSpec {
    return {
      from: this._from.map((f) => ({ group: f.group, kind: f.kind, namespace: f.namespace })),
      to: this._to.map((t) => ({ group: t.group ?? '', kind: t.kind, ...(t.name !== undefined ? { name: t.name } : {}) })),
    };
  }
}

function registryKey(scope: IConstruct, namespace: string): string {
  return `${clusterOf(scope) ?? ''}/${namespace}`;
}

