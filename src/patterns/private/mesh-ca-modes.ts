// What differs between the two ways Istio gets its workload certificates from cert-manager
// (not exported from the package): istio-csr (a CA Issuer over the intermediate, istio-csr
// installed with values derived from the mesh CA, istiod's CA server off) and Istio's plug-in
// CA (the intermediate written to `cacerts`, signed with by istiod itself). MeshCa builds the
// common parts and asks its mode builder for the rest.
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Issuer } from '../../cert-manager/issuer';
import { IssuerConfig } from '../../cert-manager/issuer-config';
import { IIssuer } from '../../cert-manager/references';
import { fail } from '../../validation/error';
import { BundleSource, BundleSourceType } from '../../trust/bundle-source';
import { MeshCaMode } from '../mesh-ca-options';
import { caAddress, istioCsrValues, MeshValuesInput, ValuesMode } from './mesh-ca-values';
import { MeshCaSettings } from './mesh-ca-settings';

/** istio-csr's own certificate for istiod (`istiod-tls`): 1h, whatever the workload maximum. */
const ISTIOD_CERT_DURATION = Duration.hours(1);

/** Sync waves of the objects the install waits for (as SyncWaves orders them). */
export interface ObjectWaves {
  /** The intermediate Certificate. */
  readonly intermediate: number;
  /** The issuer signing workload certificates (istio-csr mode). */
  readonly workloadIssuer: number;
  /** The trust Bundle. */
  readonly bundle: number;
}

/** Sync waves of the install Applications. */
export interface InstallWaves {
  readonly istioCsr: number;
  readonly istioBase: number;
  readonly istiod: number;
}

/** The mode-specific part of a MeshCa. */
export interface MeshCaModeBuilder {
  readonly mode: MeshCaMode;
  /** Name of the intermediate (Certificate, Secret and, istio-csr mode, CA Issuer) unless given. */
  readonly defaultIntermediateName: string;

  /** Throws unless the mode works with `intermediate: useIntermediate`. */
  checkIntermediate(where: Construct, useIntermediate: boolean): void;
  /** Throws unless the mode works with an intermediate named `name`. */
  checkIntermediateName(where: Construct, name: string, istioNamespace: string): void;
  /** Throws unless the mode can trust the extra root `anchor`. */
  checkTrustAnchor(where: Construct, field: string, anchor: BundleSource): void;

  /** The issuer of workload certificates, created after the intermediate (undefined: istiod signs). */
  createWorkloadIssuer(scope: Construct, s: MeshCaSettings, rootIssuer: IIssuer): IIssuer | undefined;
  /**
   * Namespaces the trust Bundle writes the roots to; undefined: no Bundle (plug-in mode: istiod
   * distributes its root itself, as ConfigMap istio-ca-root-cert, and nothing would read one).
   */
  bundleNamespaces(s: MeshCaSettings): { [key: string]: string } | undefined;
  /** The mode's part of the Istio values. */
  values(s: MeshCaSettings, workloadIssuer: IIssuer | undefined): Pick<MeshValuesInput, 'mode' | 'issuerRef' | 'extraRootPems'>;
  /** istio-csr's address (istio-csr mode). */
  caAddress(s: MeshCaSettings): string | undefined;
  /** istio-csr's chart values (istio-csr mode). */
  istioCsrValues(values: MeshValuesInput): { [key: string]: any } | undefined;

  /** Default waves of the install Applications, after the objects they wait for. */
  defaultWaves(objects: ObjectWaves): InstallWaves;
  /** Throws unless the waves install the mode's components in order. */
  checkWaves(where: Construct, waves: InstallWaves): void;
  /** The wave of the last install Application the mode uses. */
  lastInstallWave(waves: InstallWaves): number;
  /** Whether istio-csr is installed. */
  readonly installsIstioCsr: boolean;

  /** Why an ACME root issuer cannot serve the mode, and the fix. */
  readonly acmeRootProblem: { readonly problem: string; readonly fix: string };
  /** Who looks a namespaced root issuer up in the Istio namespace. */
  rootIssuerUser(useIntermediate: boolean): string;
  /**
   * The longest certificate the intermediate signs, and what it is named in messages (istio-csr
   * mode: istiod's own certificate when it outlives the workloads').
   */
  longestSignedByIntermediate(s: MeshCaSettings): { readonly field: string; readonly duration: Duration };
  /** Whether istiod serves the copy of the root in `cacerts` (its renewal must keep up with the root's). */
  readonly servesRootCopy: boolean;
  /** Whether istiod is restarted after a cacerts re-issue (throws when asked for in a mode without one). */
  restartsIstiod(where: Construct, asked: boolean | undefined): boolean;
}

class IstioCsrMode implements MeshCaModeBuilder {
  public readonly mode = MeshCaMode.ISTIO_CSR;
  public readonly defaultIntermediateName = 'istio-ca';
  public readonly installsIstioCsr = true;
  public readonly servesRootCopy = false;
  public readonly acmeRootProblem = {
    problem: 'istio-csr cannot use an ACME issuer: ACME CAs do not sign the SPIFFE URI-SAN certificates workloads request (cert-manager istio-csr docs)',
    fix: 'use a CA, Vault or other private-PKI issuer; keep ACME for public gateway certificates',
  };

  public checkIntermediate(): void {}
  public checkIntermediateName(): void {}

  public restartsIstiod(where: Construct, asked: boolean | undefined): boolean {
    if (asked === true) {
      fail(where, 'restartIstiodOnCacertsRenewal', asked, 'in istio-csr mode istiod holds no CA (istio-csr signs through cert-manager), so there is no cacerts to restart it for',
        'remove restartIstiodOnCacertsRenewal (plug-in mode only)');
    }
    return false;
  }
  public checkTrustAnchor(): void {}

  public createWorkloadIssuer(scope: Construct, s: MeshCaSettings, rootIssuer: IIssuer): IIssuer {
    if (!s.useIntermediate) return rootIssuer;
    return new Issuer(scope, 'IntermediateIssuer', {
      metadata: { name: s.intermediateName, namespace: s.istioNamespace },
      config: IssuerConfig.ca({ secretName: s.intermediateName }),
    });
  }

  /** istio-csr mounts the roots from its own namespace. */
  public bundleNamespaces(s: MeshCaSettings): { [key: string]: string } {
    return { 'kubernetes.io/metadata.name': s.certManagerNamespace };
  }

  public values(_s: MeshCaSettings, workloadIssuer: IIssuer | undefined): Pick<MeshValuesInput, 'mode' | 'issuerRef' | 'extraRootPems'> {
    return { mode: 'istio-csr' as ValuesMode, issuerRef: workloadIssuer?.issuerRef, extraRootPems: [] };
  }

  public caAddress(s: MeshCaSettings): string {
    return caAddress(s.certManagerNamespace);
  }

  public istioCsrValues(values: MeshValuesInput): { [key: string]: any } {
    return istioCsrValues(values);
  }

  /** istio-csr needs its issuer and the pinned root bundle; istiod and the base chart come after it. */
  public defaultWaves(w: ObjectWaves): InstallWaves {
    const istioCsr = Math.max(w.workloadIssuer, w.bundle) + 1;
    return { istioCsr, istioBase: istioCsr, istiod: istioCsr + 1 };
  }

  public checkWaves(where: Construct, waves: InstallWaves): void {
    if (waves.istioCsr >= waves.istiod) {
      fail(where, 'argoCd.istiodSyncWave', waves.istiod, `istiod must be installed after istio-csr (wave ${waves.istioCsr}): it mounts the istiod-tls certificate istio-csr creates, and its proxies ask istio-csr for certificates`,
        `use a wave greater than ${waves.istioCsr}`);
    }
  }

  public lastInstallWave(waves: InstallWaves): number {
    return Math.max(waves.istiod, waves.istioBase, waves.istioCsr);
  }

  public rootIssuerUser(useIntermediate: boolean): string {
    return useIntermediate ? 'the intermediate Certificate is in the Istio namespace' : 'istio-csr creates its CertificateRequests in the Istio namespace (app.certmanager.namespace)';
  }

  public longestSignedByIntermediate(s: MeshCaSettings): { field: string; duration: Duration } {
    const workload = s.maxWorkloadCertificateDuration;
    return s.useIntermediate && ISTIOD_CERT_DURATION.toMilliseconds() > workload.toMilliseconds()
      ? { field: "istio-csr's istiod certificate duration", duration: ISTIOD_CERT_DURATION }
      : { field: 'maxWorkloadCertificateDuration', duration: workload };
  }
}

class PluginCaMode implements MeshCaModeBuilder {
  public readonly mode = MeshCaMode.PLUGIN_CA;
  public readonly defaultIntermediateName = 'cacerts';
  public readonly installsIstioCsr = false;
  public readonly servesRootCopy = true;
  public readonly acmeRootProblem = {
    problem: 'an ACME issuer cannot sign the intermediate CA certificate the plug-in CA needs',
    fix: 'use a CA, Vault or other private-PKI issuer',
  };

  public checkIntermediate(where: Construct, useIntermediate: boolean): void {
    if (useIntermediate) return;
    fail(where, 'intermediate', false, 'the plug-in CA is an intermediate: istiod signs workload certificates with the CA key cert-manager writes to the cacerts Secret',
      'remove intermediate: false, or use MeshCaMode.ISTIO_CSR to have the root issuer sign workload certificates directly');
  }

  public restartsIstiod(_where: Construct, asked: boolean | undefined): boolean {
    return asked ?? true;
  }

  public checkIntermediateName(where: Construct, name: string, istioNamespace: string): void {
    if (name === 'cacerts') return;
    fail(where, 'intermediateName', name, `istiod only reads its plug-in CA from a Secret named "cacerts" in its own namespace ("${istioNamespace}"); a Secret named ${JSON.stringify(name)} would be ignored and istiod would generate its own self-signed root`,
      'remove intermediateName (plug-in mode writes "cacerts")');
  }

  public checkTrustAnchor(where: Construct, field: string, a: BundleSource): void {
    if (a.type === BundleSourceType.IN_LINE) return;
    fail(where, field, `${a.type} ${a.name}/${a.key}`, 'in plug-in mode istiod takes extra roots only inline (meshConfig.caCertificates[].pem); it cannot read a Secret or ConfigMap',
      'pass the public root certificate with BundleSource.inLine(pem), or use MeshCaMode.ISTIO_CSR');
  }

  /** istiod signs with the intermediate in cacerts. */
  public createWorkloadIssuer(): undefined {
    return undefined;
  }

  /** istiod publishes the root from cacerts (istio-ca-root-cert); a Bundle would be read by nothing. */
  public bundleNamespaces(): undefined {
    return undefined;
  }

  public values(s: MeshCaSettings): Pick<MeshValuesInput, 'mode' | 'issuerRef' | 'extraRootPems'> {
    return { mode: 'plugin-ca' as ValuesMode, issuerRef: undefined, extraRootPems: s.additionalTrustAnchors.map((a) => a.pem!) };
  }

  public caAddress(): undefined {
    return undefined;
  }

  public istioCsrValues(): undefined {
    return undefined;
  }

  /** istiod needs cacerts before it starts (else it generates a self-signed root of its own). */
  public defaultWaves(w: ObjectWaves): InstallWaves {
    const istioBase = w.intermediate + 1;
    return { istioCsr: Math.max(w.workloadIssuer, w.bundle) + 1, istioBase, istiod: Math.max(w.intermediate, istioBase) + 1 };
  }

  public checkWaves(): void {}

  public lastInstallWave(waves: InstallWaves): number {
    return Math.max(waves.istiod, waves.istioBase);
  }

  public rootIssuerUser(): string {
    return 'the intermediate Certificate is in the Istio namespace';
  }

  public longestSignedByIntermediate(s: MeshCaSettings): { field: string; duration: Duration } {
    return { field: 'maxWorkloadCertificateDuration', duration: s.maxWorkloadCertificateDuration };
  }
}

/** The builder of `mode`. */
export function modeBuilder(mode: MeshCaMode): MeshCaModeBuilder {
  return mode === MeshCaMode.ISTIO_CSR ? new IstioCsrMode() : new PluginCaMode();
}
