// A host-name index: which members (gateways, routes, solvers, ...) serve a given DNS name,
// answered in O(labels of the name) instead of scanning every member, so that whole-app
// passes stay linear in the number of objects.

export class HostIndex<T> {
  private readonly exact = new Map<string, T[]>();
  /** `*.example.com` stored under `example.com`. */
  private readonly wildcard = new Map<string, T[]>();
  /** Members that serve every host (`*`, or no host restriction at all). */
  private readonly all: T[] = [];

  /**
   * Register `member` for `host`: an exact name, a `*.suffix` wildcard, `*` (every host).
   * Istio's `namespace/host` form is accepted (the namespace part is dropped).
   */
  public add(host: string, member: T): void {
    let h = host.toLowerCase();
    const slash = h.indexOf('/');
    if (slash >= 0) h = h.slice(slash + 1);
    if (h === '*' || h === '') {
      this.all.push(member);
    } else if (h.startsWith('*.')) {
      push(this.wildcard, h.slice(2), member);
    } else {
      push(this.exact, h, member);
    }
  }

  /** Register `member` as serving every host. */
  public addAll(member: T): void {
    this.all.push(member);
  }

  /**
   * Members whose hosts could match `name`. Wildcards match any deeper name (Istio and
   * Gateway API hostname semantics are suffix matches; over-approximating only adds ordering
   * constraints, never removes one).
   */
  public lookup(name: string): T[] {
    const n = name.toLowerCase();
    const out: T[] = [];
    const e = this.exact.get(n);
    if (e) out.push(...e);
    let dot = n.indexOf('.');
    while (dot >= 0) {
      const w = this.wildcard.get(n.slice(dot + 1));
      if (w) out.push(...w);
      dot = n.indexOf('.', dot + 1);
    }
    out.push(...this.all);
    return out;
  }
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
