import { Chart, Testing } from 'cdk8s';
import { GatewayTls, HttpMatch, Gateway, VirtualService } from '../../src/istio';
import { certificate } from './fixtures';
import { validateManifests } from '../util/schema';

// The whole-app checks (IST0145, IST0138, IST0132, certificate wiring) read indexes built once
// per synth from the wire form, so a fleet of sites on one shared gateway synthesizes in linear time.
test('1,000 sites on one shared gateway synthesize cleanly', () => {
  const run = (n: number) => {
    const app = Testing.app();
    const chart = new Chart(app, 'fleet');
    const gw = new Gateway(chart, 'Public', { metadata: { namespace: 'istio-system' } });
    for (let i = 0; i < n; i++) {
      const host = `site${i}.example.com`;
      const cert = certificate(chart, `Cert${i}`, { dnsNames: [host] });
      gw.addHttpServer({ hosts: [host], httpsRedirect: true });
      gw.addHttpsServer({ tls: GatewayTls.simple(cert) });
      new VirtualService(chart, `Site${i}`, { hosts: [host], gateways: [gw], httpRoutes: [{ matches: [HttpMatch.uriPrefix('/')], destinations: [{ host: `site${i}`, port: 80 }] }] });
    }
    return chart;
  };
  // the time is `npm run bench`'s to measure (timed tests flake on shared machines)
  expect(validateManifests(Testing.synth(run(1000)))).toEqual([]);
});
