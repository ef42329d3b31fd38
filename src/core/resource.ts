import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { omitNamespace, resolveMetadata } from '../private/metadata';
import { ApiObjectClass, plainRendering } from '../private/plain-render';
import { ownApiObject } from './declare';
import { Facts } from './model';

/** What the library knows about a kind it renders (internal: created by the kinds themselves). */
interface ResourceTypeOptions {
  /** The generated L1 class (or `ApiObject`). */
  readonly l1: ApiObjectClass<any>;
  /** The L1's `toJson_<Kind>Props` mapper (camelCase props → manifest keys); none for `ApiObject`. */
  readonly mapper?: (props: any) => any;
  /** `apiVersion` and `kind`, when `l1` is `ApiObject`. */
  readonly apiVersion?: string;
  readonly kind: string;
  /** Namespaced kind (namespace defaulted and checked) or cluster-scoped (namespace rejected and removed). */
  readonly namespaced: boolean;
  /** `label` for kinds whose name must be a DNS-1123 label (Istio Gateway); default subdomain. */
  readonly nameRule?: 'label' | 'subdomain';
  /** Top-level field the L2 renders lazily. @default 'spec' */
  readonly body?: string;
}

/**
 * A Kubernetes kind an L2 of this library renders. Created by the library's kinds; passed to
 * the `Resource` constructor.
 */
export class ResourceType {
  /** @internal */
  public static _of(options: ResourceTypeOptions): ResourceType {
    return new ResourceType(options);
  }

  private rendering?: ApiObjectClass<any>;

  private constructor(private readonly options: ResourceTypeOptions) {}

  /** The Kubernetes kind, e.g. `Certificate`. */
  public get kind(): string {
    return this.options.kind;
  }

  /** Whether objects of this kind live in a namespace. */
  public get namespaced(): boolean {
    return this.options.namespaced;
  }

  /** @internal */
  public get _options(): ResourceTypeOptions {
    return this.options;
  }

  /** The L1 class rendering plain props without token resolution (src/private/plain-render.ts). @internal */
  public get _apiObjectClass(): ApiObjectClass<any> {
    return (this.rendering ??= plainRendering(this.options.l1, this.options.mapper));
  }
}

/**
 * The base of every L2 of the library (cdk8s-plus' `base.Resource` is the model): the L1
 * `apiObject` as child `Resource` (so `node.defaultChild` and `ApiObject.of()` find it), its
 * metadata resolved and checked (`name` from props or the kebab-cased construct id, never a
 * hash; `namespace` from props, else the chart's, else `default`), the spec rendered lazily
 * from the L2's state at synth, and the object registered in the app's model, whose
 * whole-app checks name this construct.
 */
export abstract class Resource extends Construct {
  /** The underlying API object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** The Kubernetes kind. */
  public readonly kind: string;

  /**
   * @param scope the parent construct
   * @param id the construct id
   * @param type the kind rendered
   * @param metadata metadata as given by the user (plus what the L2 adds itself)
   */
  protected constructor(scope: Construct, id: string, type: ResourceType, metadata?: ApiObjectMetadata) {
    super(scope, id);
    const o = type._options;
    const resolved = resolveMetadata(this, metadata, { namespaced: o.namespaced, kind: o.kind, nameRule: o.nameRule });
    this.name = resolved.name!;
    this.kind = o.kind;
    const ApiObjectType = type._apiObjectClass;
    this.apiObject = new ApiObjectType(this, 'Resource', {
      ...(o.apiVersion !== undefined ? { apiVersion: o.apiVersion, kind: o.kind } : {}),
      metadata: resolved,
      [o.body ?? 'spec']: Lazy.any({ produce: () => this._toSpec() }),
    });
    if (!o.namespaced) omitNamespace(this.apiObject);
    ownApiObject(this.apiObject, { owner: this, facts: () => this._facts(), displayField: (f) => this._displayField(f) });
  }

  /**
   * The object's spec (or the `body` field of its kind) from the L2's state, at synth.
   * @internal
   */
  protected _toSpec(): any {
    return undefined;
  }

  /**
   * What the L2 knows about its object that the manifest does not say (read by whole-app checks).
   * @internal
   */
  public _facts(): Facts {
    return {};
  }

  /**
   * A field of the manifest (`spec.issuerRef.name`) as this L2's props name it (`issuer`);
   * undefined for the wire path without `spec.` (the props mirror the spec).
   * @internal
   */
  public _displayField(_wireField: string): string | undefined {
    return undefined;
  }
}
