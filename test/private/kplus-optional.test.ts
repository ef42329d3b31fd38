// cdk8s-plus-27 is an optional peer dependency (issue #13): a construct that builds with it fails
// with the library's error naming the package when it is not installed; everything else works.
// (A file of its own: kplus.test.ts mocks the module for the whole file, and jest would hand that
// cached mock to the isolated registries below.)
describe('cdk8s-plus-27 is an optional peer dependency (issue #13)', () => {
  /**
   * Run `fn` over the library (and cdk8s) loaded afresh, with `cdk8s-plus-27` failing to load
   * with `error` (the library requires it on first use: inside `fn`).
   */
  function withoutKplus<T>(error: Error & { code?: string }, fn: (lib: any, chart: any) => T): T {
    let result: { value: T } | undefined;
    jest.isolateModules(() => {
      jest.doMock('cdk8s-plus-27', () => {
        throw error;
      });
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const lib = require('../../src');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Testing, Chart } = require('cdk8s');
        result = { value: fn(lib, new Chart(Testing.app(), 'test')) };
      } finally {
        jest.dontMock('cdk8s-plus-27');
      }
    });
    return result!.value;
  }

  function notFound(name: string): Error & { code?: string } {
    // what Node throws (jest's resolver words it "Cannot find module 'x' from 'file'")
    return Object.assign(new Error(`Cannot find module '${name}'\nRequire stack:\n- /app/node_modules/cdk8s-istio-tls/lib/src/private/kplus.js`), { code: 'MODULE_NOT_FOUND' });
  }

  function thrown(fn: () => unknown): any {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('expected an error');
  }

  test.each([
    ['CertManagerDashboard', (lib: any, chart: any) => new lib.monitoring.CertManagerDashboard(chart, 'Dashboard'), 'test/Dashboard', 'CertManagerDashboard builds its ConfigMap'],
    ['CertManagerNetworkPolicy', (lib: any, chart: any) => new lib.monitoring.CertManagerNetworkPolicy(chart, 'Policies'), 'test/Policies', 'CertManagerNetworkPolicy builds its NetworkPolicies'],
    ['MeshCa.addVerification()', (lib: any, chart: any) => new lib.patterns.MeshCa(chart, 'MeshCa', { mode: lib.patterns.MeshCaMode.ISTIO_CSR }).addVerification('Verify'), 'test/MeshCa/Verify', 'MeshVerification builds its namespace, ServiceAccount, Deployment and Service'],
  ])('without it, %s fails with the library error naming the package and the fix', (_name, create, path, what) => {
    const { recognised, message } = withoutKplus(notFound('cdk8s-plus-27'), (lib, chart) => {
      const e = thrown(() => create(lib, chart));
      return { recognised: lib.Errors.isValidationError(e), message: e.message };
    });
    expect(recognised).toBe(true);
    expect(message).toBe(`[${path}] ${what} with cdk8s-plus-27, an optional peer dependency of cdk8s-istio-tls that is not installed `
      + '(peerDependencies: "cdk8s-plus-27") — install it next to cdk8s: npm install cdk8s-plus-27@^2.9.5');
  });

  test('without it, everything else works: certificates, issuers, a MeshCa (its namespace is a plain ApiObject)', () => {
    const kinds = withoutKplus(notFound('cdk8s-plus-27'), (lib, chart) => {
      const issuer = new lib.certManager.ClusterIssuer(chart, 'Issuer', { config: lib.certManager.IssuerConfig.selfSigned() });
      new lib.certManager.Certificate(chart, 'Web', { metadata: { namespace: 'web' }, issuer, dnsNames: ['web.example.com'] });
      new lib.patterns.MeshCa(chart, 'MeshCa', { mode: lib.patterns.MeshCaMode.ISTIO_CSR });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('cdk8s').Testing.synth(chart).map((o: any) => o.kind);
    });
    expect(kinds).toEqual(expect.arrayContaining(['ClusterIssuer', 'Certificate', 'Namespace', 'Bundle']));
  });

  test('a module missing inside cdk8s-plus-27 is not reported as cdk8s-plus-27 missing', () => {
    const message = withoutKplus(notFound('minimatch'), (lib, chart) => thrown(() => new lib.monitoring.CertManagerDashboard(chart, 'Dashboard')).message);
    expect(message).toMatch(/^Cannot find module 'minimatch'/);
  });

  test('the range the error recommends is the peer range of package.json', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { KPLUS_RANGE } = require('../../src/private/kplus');
    expect(pkg.peerDependencies['cdk8s-plus-27']).toBe(KPLUS_RANGE);
    expect(pkg.peerDependenciesMeta['cdk8s-plus-27']).toEqual({ optional: true });
    expect(pkg.devDependencies['cdk8s-plus-27']).toBeDefined();
  });
});
