import { Warnings } from '../../src';
import { MtlsMode, PeerAuthentication, PeerAuthenticationScope } from '../../src/istio';
import { expectFailure, newChart, synthValid } from '../util/expect';

describe('PeerAuthentication', () => {
  test('defaults to STRICT for the namespace', () => {
    const { chart } = newChart('shop');
    const pa = new PeerAuthentication(chart, 'Strict');
    const [doc] = synthValid(chart);
    expect(doc.apiVersion).toBe('security.istio.io/v1');
    expect(doc.metadata).toEqual({ name: 'strict', namespace: 'shop' });
    expect(doc.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(pa.scope).toBe(PeerAuthenticationScope.NAMESPACE);
    expect(pa.mode).toBe(MtlsMode.STRICT);
  });

  test('mesh-wide: no selector in the root namespace (istio-system by default)', () => {
    const { chart } = newChart('shop');
    const mesh = PeerAuthentication.meshWide(chart, 'Mesh');
    const custom = PeerAuthentication.meshWide(chart, 'Custom', { rootNamespace: 'istio-config', mode: MtlsMode.PERMISSIVE, metadata: { name: 'default' } });
    expect(mesh.scope).toBe(PeerAuthenticationScope.MESH);
    expect(custom.scope).toBe(PeerAuthenticationScope.MESH);
    const docs = synthValid(chart);
    expect(docs[0].metadata).toEqual({ name: 'mesh', namespace: 'istio-system' });
    expect(docs[1].metadata).toEqual({ name: 'default', namespace: 'istio-config' });
    expect(docs[1].spec).toEqual({ mtls: { mode: 'PERMISSIVE' } });
    // a plain PeerAuthentication in the root namespace is mesh-wide too
    expect(new PeerAuthentication(chart, 'Root', { metadata: { namespace: 'istio-system' } }).scope).toBe(PeerAuthenticationScope.MESH);
  });

  test('workload scope with port-level modes', () => {
    const { chart } = newChart('shop');
    const pa = new PeerAuthentication(chart, 'Db', { selector: { app: 'db' }, mode: MtlsMode.STRICT, portLevelMtls: [{ port: 9090, mode: MtlsMode.PERMISSIVE }, { port: 5432, mode: MtlsMode.UNSET }] });
    expect(pa.scope).toBe(PeerAuthenticationScope.WORKLOAD);
    expect(synthValid(chart)[0].spec).toEqual({
      selector: { matchLabels: { app: 'db' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 9090: { mode: 'PERMISSIVE' }, 5432: { mode: 'UNSET' } },
    });
  });

  test('warns about DISABLE and about an empty selector', () => {
    const { chart } = newChart('shop');
    new PeerAuthentication(chart, 'Off', { mode: MtlsMode.DISABLE });
    const empty = new PeerAuthentication(chart, 'Empty', { selector: {} });
    expect(empty.scope).toBe(PeerAuthenticationScope.NAMESPACE);
    expect(Warnings.collect(chart)).toEqual([
      expect.stringMatching(/^\[test\/Off\] mtls\.mode is DISABLE/),
      expect.stringMatching(/^\[test\/Empty\] selector is empty/),
    ]);
    expect(synthValid(chart)[1].spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  test('fails if port-level mTLS has no selector', () => {
    const { chart } = newChart();
    expectFailure(() => new PeerAuthentication(chart, 'Pa', { portLevelMtls: [{ port: 8080, mode: MtlsMode.DISABLE }] }),
      { path: 'test/Pa', field: 'portLevelMtls', value: '[8080]', problem: 'mesh/namespace peer authentication cannot have port level mTLS', fix: 'add a selector' });
  });
  test('fails if port-level mTLS is an empty list', () => {
    const { chart } = newChart();
    expectFailure(() => new PeerAuthentication(chart, 'Pa', { selector: { app: 'a' }, portLevelMtls: [] }), { path: 'test/Pa', field: 'portLevelMtls', value: '[]', fix: 'omit portLevelMtls or list at least one port' });
  });
  test('fails if a port is out of range', () => {
    const { chart } = newChart();
    expectFailure(() => new PeerAuthentication(chart, 'Pa', { selector: { app: 'a' }, portLevelMtls: [{ port: 0, mode: MtlsMode.DISABLE }] }),
      { path: 'test/Pa', field: 'portLevelMtls[0].port', value: '0', problem: 'port must be an integer from 1 to 65535', fix: 'use a valid port' });
  });
  test('fails if a port is listed twice', () => {
    const { chart } = newChart();
    expectFailure(() => new PeerAuthentication(chart, 'Pa', { selector: { app: 'a' }, portLevelMtls: [{ port: 80, mode: MtlsMode.DISABLE }, { port: 80, mode: MtlsMode.STRICT }] }),
      { path: 'test/Pa', field: 'portLevelMtls[1].port', value: '80', fix: 'list each port once' });
  });
  test('fails if the mode is unknown', () => {
    const { chart } = newChart();
    expectFailure(() => new PeerAuthentication(chart, 'Pa', { mode: 'ON' as MtlsMode }),
      { path: 'test/Pa', field: 'mtls.mode', value: '"ON"', problem: 'must be one of "UNSET", "DISABLE", "PERMISSIVE", "STRICT"', fix: 'use a MtlsMode value' });
    expectFailure(() => new PeerAuthentication(chart, 'Pb', { selector: { app: 'a' }, portLevelMtls: [{ port: 80 } as any] }),
      { path: 'test/Pb', field: 'portLevelMtls[0].mode', value: 'unset', problem: 'is required', fix: 'use a MtlsMode value' });
  });
  test('fails if the selector has a wildcard', () => {
    const { chart } = newChart();
    expectFailure(() => new PeerAuthentication(chart, 'Pa', { selector: { 'app*': 'a' } }), { path: 'test/Pa', field: 'selector["app*"]', value: '"a"', fix: 'select with exact label values' });
  });
  test('fails if a mesh-wide policy is put in another namespace', () => {
    const { chart } = newChart();
    expectFailure(() => PeerAuthentication.meshWide(chart, 'Mesh', { metadata: { namespace: 'shop' } }),
      { path: 'test/Mesh', field: 'metadata.namespace', value: '"shop"', fix: 'omit metadata.namespace, or set rootNamespace to your meshConfig.rootNamespace' });
  });
  test('fails if the dry-run annotation is used', () => {
    const { chart } = newChart();
    expectFailure(() => new PeerAuthentication(chart, 'Pa', { metadata: { annotations: { 'istio.io/dry-run': 'true' } } }),
      { path: 'test/Pa', field: 'metadata.annotations["istio.io/dry-run"]', value: '"true"', fix: 'remove the annotation' });
  });
});
