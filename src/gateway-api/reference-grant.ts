import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway-api-gateway.networking.k8s.io';
import { Resource, ResourceType } from '../core/resource';
import { checkNamespaceName, requireArray } from '../private/fields';
import { optionalProps } from '../private/types';
import { fail } from '../validation/error';
import { checkGroup, checkKind, GATEWAY_API_GROUP } from './private/inputs';
import './private/reference-grant-checks';

const REFERENCE_GRANT = ResourceType._of({ l1: gw.ReferenceGrant, mapper: gw.toJson_ReferenceGrantProps, kind: 'ReferenceGrant', namespaced: true });

/** The CRD allows at most 16 entries in `from` and in `to`. */
const MAX_ENTRIES = 16;

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
 * (`createReferenceGrants`); use this construct for everything else. Checked at synth: at
 * least one `from` and one `to` entry.
 */
export class ReferenceGrant extends Resource {
  /** `metadata.namespace`: the namespace whose objects are shared. */
  public readonly namespace: string;

  private readonly _from: Required<ReferenceGrantFrom>[] = [];
  private readonly _to: ReferenceGrantTo[] = [];

  public constructor(scope: Construct, id: string, props: ReferenceGrantProps = {}) {
    props = optionalProps(`${scope.node.path}/${id}`, props);
    super(scope, id, REFERENCE_GRANT, props.metadata);
    this.namespace = this.apiObject.metadata.namespace!;
    requireArray(this, 'from', props.from, { fix: 'pass an array of { kind, namespace }' }).forEach((f) => this.addFrom(f));
    requireArray(this, 'to', props.to, { fix: 'pass an array of { kind, name }' }).forEach((t) => this.addTo(t));
  }

  /** Trust references from objects of a kind in a namespace. */
  public addFrom(from: ReferenceGrantFrom): void {
    const field = `from[${this._from.length}]`;
    if (from === null || typeof from !== 'object') fail(this, field, from, 'must be an object { group, kind, namespace }', 'pass e.g. { kind: "Gateway", namespace: "istio-ingress" }');
    const entry = { group: from.group ?? GATEWAY_API_GROUP, kind: from.kind, namespace: from.namespace };
    checkGroup(this, `${field}.group`, entry.group);
    checkKind(this, `${field}.kind`, entry.kind);
    checkNamespaceName(this, `${field}.namespace`, entry.namespace);
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

  /** @internal */
  protected _toSpec(): gw.ReferenceGrantSpec {
    return {
      from: this._from.map((f) => ({ group: f.group, kind: f.kind, namespace: f.namespace })),
      to: this._to.map((t) => ({ group: t.group ?? '', kind: t.kind, ...(t.name !== undefined ? { name: t.name } : {}) })),
    };
  }
}
