// The parents and host names of a route (HTTPRoute, GRPCRoute, TLSRoute): one implementation of
// their input rules for the three L2s (not exported from the package).
import { Construct } from 'constructs';
import { fail } from '../../validation/error';
import { ParentReference } from '../http-route-options';
import { checkParentRef } from './http-route-rules';
import { checkHostname } from './inputs';

/** A route's `parentRefs` and `hostnames`, checked as they are added. */
export class RouteAttachment {
  private readonly parents: ParentReference[] = [];
  private readonly names: string[] = [];

  /**
   * @param route the route L2 (named in messages)
   * @param kind `HTTPRoute`, `GRPCRoute` or `TLSRoute`
   * @param maxHostnames the CRD's `maxItems` for `spec.hostnames`
   */
  public constructor(private readonly route: Construct, private readonly kind: string, private readonly maxHostnames: number) {}

  /** The parent references (copy). */
  public get parentRefs(): ParentReference[] {
    return [...this.parents];
  }

  /** The host names (copy). */
  public get hostnames(): string[] {
    return [...this.names];
  }

  public addParentRef(ref: ParentReference): void {
    this.parents.push(checkParentRef(this.route, `parentRefs[${this.parents.length}]`, ref, this.parents, this.kind));
  }

  /** Add a host name (a repeated one is skipped). */
  public addHostname(hostname: string): void {
    const field = `hostnames[${this.names.length}]`;
    checkHostname(this.route, field, hostname);
    if (this.names.includes(hostname)) return;
    if (this.names.length >= this.maxHostnames) {
      fail(this.route, field, hostname, `${this.kind === 'HTTPRoute' ? 'an' : 'a'} ${this.kind} has at most ${this.maxHostnames} hostnames`, 'split the route');
    }
    this.names.push(hostname);
  }
}
