// TLS settings of Gateway servers: the modes, the protocol versions and the option structs of
// the `GatewayTls` factories (src/istio/gateway-tls.ts).

/** `tls.mode` of a Gateway server. */
export enum GatewayTlsMode {
  /** Forward the TLS connection by SNI without terminating it. */
  PASSTHROUGH = 'PASSTHROUGH',
  /** Terminate TLS with the server certificate. */
  SIMPLE = 'SIMPLE',
  /** Terminate TLS and require a client certificate. */
  MUTUAL = 'MUTUAL',
  /** Passthrough with SNI-based routing to mesh services (east-west gateways). */
  AUTO_PASSTHROUGH = 'AUTO_PASSTHROUGH',
  /** Terminate with the mesh's own (Istio CA) certificates. */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** Like MUTUAL, but a client certificate is optional. */
  OPTIONAL_MUTUAL = 'OPTIONAL_MUTUAL',
}

/** TLS protocol versions (`minProtocolVersion` / `maxProtocolVersion`). */
export enum TlsProtocolVersion {
  /** Envoy's default. */
  TLS_AUTO = 'TLS_AUTO',
  /** TLS 1.0 (insecure). */
  TLSV1_0 = 'TLSV1_0',
  /** TLS 1.1 (insecure). */
  TLSV1_1 = 'TLSV1_1',
  /** TLS 1.2. */
  TLSV1_2 = 'TLSV1_2',
  /** TLS 1.3. */
  TLSV1_3 = 'TLSV1_3',
}

/** TLS settings shared by the terminating modes. */
export interface GatewayTlsOptions {
  /**
   * Minimum TLS version.
   *
   * @default TlsProtocolVersion.TLSV1_2
   */
  readonly minProtocolVersion?: TlsProtocolVersion;
  /**
   * Maximum TLS version.
   *
   * @default - Envoy's default (TLS 1.3)
   */
  readonly maxProtocolVersion?: TlsProtocolVersion;
  /**
   * Cipher suites to offer (they only affect TLS 1.2 and below), e.g.
   * `ECDHE-ECDSA-AES128-GCM-SHA256`. Unknown and duplicate names are rejected (Istio would
   * silently drop them).
   *
   * @default - Envoy's default cipher suites
   */
  readonly cipherSuites?: string[];
}

/** TLS settings for `ISTIO_MUTUAL` servers. */
export interface GatewayIstioMutualTlsOptions extends GatewayTlsOptions {
  /**
   * Accepted identities (SANs) of the client certificates, e.g. `spiffe://cluster.local/ns/a/sa/b`.
   *
   * @default - any client with a mesh certificate
   */
  readonly subjectAltNames?: string[];
}

/** TLS settings for `MUTUAL` and `OPTIONAL_MUTUAL` servers. */
export interface GatewayMutualTlsOptions extends GatewayIstioMutualTlsOptions {
  /**
   * Secret (or ConfigMap) in the gateway workload namespace holding the CA bundle that client
   * certificates are verified against (`caCertCredentialName`, Istio 1.28 and later).
   *
   * Without it Istio looks for a Secret named `<credentialName>-cacert` and, if there is none,
   * uses the `ca.crt` key of the server certificate's own Secret. cert-manager fills `ca.crt`
   * for CA, SelfSigned and Vault issuers, but not for ACME issuers: with a Let's Encrypt
   * server certificate, pass the client CA here (or create `<credentialName>-cacert`).
   *
   * @default - `<credentialName>-cacert`, else the `ca.crt` of the server certificate's Secret
   */
  readonly caCertCredentialName?: string;
}

/** TLS settings for a server whose Secret is not written by a Certificate of this app. */
export interface GatewayCredentialTlsOptions extends GatewayMutualTlsOptions {
  /**
   * The terminating mode: SIMPLE, MUTUAL or OPTIONAL_MUTUAL.
   *
   * @default GatewayTlsMode.SIMPLE
   */
  readonly mode?: GatewayTlsMode;
}
