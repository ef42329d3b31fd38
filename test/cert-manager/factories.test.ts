// Factory values (IssuerConfig.*, VaultAuth.*, AcmeSolver.*, Dns01Provider.*) have no construct:
// a wrong input is reported where the value is received, with that construct's path and the
// field the value arrived in, as the library's error.
import { AcmeSolver, ClusterIssuer, Dns01Provider, Issuer, IssuerConfig, VaultAuth } from '../../src/cert-manager';
import { Errors } from '../../src/validation';
import { expectFailure, newChart } from '../util/expect';
import { expectReceived } from './given';

const badCloudflare = () => Dns01Provider.cloudflare({ apiTokenSecretRef: { name: 'cf', key: '' } });

describe('factories report where their value is received', () => {
  test('a factory call given to no construct throws nothing', () => {
    expect(() => badCloudflare()).not.toThrow();
    expect(() => AcmeSolver.dns01(badCloudflare())).not.toThrow();
    expect(() => IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.dns01(badCloudflare())] })).not.toThrow();
    expect(() => VaultAuth.token({ name: 'x' } as any)).not.toThrow();
  });

  test('nested factories: the innermost factory names the problem, the field is the whole way in', () => {
    const message = expectReceived(() => IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress(), AcmeSolver.dns01(badCloudflare())] }), {
      factory: 'Dns01Provider.cloudflare', field: 'solvers[1].dns01.apiTokenSecretRef.key', value: '""', problem: 'secret key is required', fix: 'name the key inside the Secret that holds the value',
    });
    expect(message).toBe('[test/Le] Dns01Provider.cloudflare: secret key is required (config.solvers[1].dns01.apiTokenSecretRef.key: "") — name the key inside the Secret that holds the value');
  });

  test('a solver given to addSolver() is reported with the issuer\'s path and solvers[i]', () => {
    const { chart } = newChart();
    const le = new ClusterIssuer(chart, 'Le', { config: IssuerConfig.letsEncrypt({ solvers: [AcmeSolver.http01Ingress()] }) });
    expectFailure(() => le.addSolver(AcmeSolver.dns01(badCloudflare())),
      { path: 'test/Le', field: 'solvers[1].dns01.apiTokenSecretRef.key', value: '""', problem: 'Dns01Provider.cloudflare: secret key is required', fix: /key inside the Secret/ });
    expectFailure(() => le.addSolver(AcmeSolver.dns01(Dns01Provider.route53(), { cnameStrategy: 'Chase' as any })),
      { path: 'test/Le', field: 'solvers[1].cnameStrategy', value: '"Chase"', problem: /^\[test\/Le\] AcmeSolver\.dns01: must be one of/, fix: /DnsCnameStrategy/ });
  });

  test('the problem is data: path, field, value, problem and fix, recognised by Errors.isValidationError', () => {
    const { chart } = newChart('pki');
    let thrown: unknown;
    try {
      new Issuer(chart, 'Vault', { config: IssuerConfig.vault({ server: 'https://vault', path: 'pki/sign/x', auth: VaultAuth.appRole({ roleId: 'r', secretRef: { name: 's', key: 'k' }, path: '../x' }) }) });
    } catch (e) {
      thrown = e;
    }
    expect(Errors.isValidationError(thrown)).toBe(true);
    expect(Errors.problemsOf(thrown)).toEqual([expect.objectContaining({
      severity: 'error', path: 'test/Vault', field: 'config.auth.path', value: '"../x"',
      problem: "VaultAuth.appRole: must not contain '..' path segments", fix: 'use the plain mount path, e.g. "pki_int/sign/example-dot-com"',
    })]);
  });

  test('VaultAuth.clientCertificate and VaultAuth.kubernetes arrive under config.auth', () => {
    expectReceived(() => VaultAuth.clientCertificate({ mountPath: '/v1/auth/../cert' }), { factory: 'VaultAuth.clientCertificate', field: 'mountPath', value: '"/v1/auth/../cert"', problem: /'\.\.'/, fix: /mount path/ });
    expectReceived(() => VaultAuth.kubernetes({ role: 'r' }), { factory: 'VaultAuth.kubernetes', field: 'serviceAccountRef', value: 'unset', problem: /please supply one of/, fix: /ServiceAccount/ });
  });
});
