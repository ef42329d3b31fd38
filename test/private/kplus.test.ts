// cdk8s-plus-27 is loaded on first use only (src/private/kplus.ts, issue #7): it is 3.4 MB of
// JavaScript that most apps of the library never need.
let mockKplusLoaded = false;
jest.mock('cdk8s-plus-27', () => {
  mockKplusLoaded = true;
  return jest.requireActual('cdk8s-plus-27');
});

test('loading the library does not load cdk8s-plus-27; the first object built with it does', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('../../src');
  expect(mockKplusLoaded).toBe(false);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Testing, Chart } = require('cdk8s');
  const chart = new Chart(Testing.app(), 'test');
  new lib.monitoring.CertManagerNetworkPolicy(chart, 'Policies');
  expect(mockKplusLoaded).toBe(true);
  expect(Testing.synth(chart).map((o: any) => o.kind)).toEqual(['NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy']);
});
