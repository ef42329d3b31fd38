// How cert-manager authenticates to Vault (`VaultAuth.*`), with the options of each method.
import * as cm from '../../imports/cert-manager-cert-manager.io';
import { requireString } from '../private/fields';
import { factory } from '../private/factory';
import { fail } from '../validation/error';
import { IssuerServiceAccountRef } from './dns01-provider-options';
import { checkSecretKeySelector, checkSecretName, checkServiceAccountRef } from './private/credentials';
import { checkNoDotDot } from './private/servers';
import { SecretKeySelector } from './secret-key-selector';

/** Options of Vault Kubernetes auth. */
export interface VaultKubernetesAuthOptions {
  /** Vault role to log in as. */
  readonly role: string;
  /** Mount path of the Kubernetes auth method. @default '/v1/auth/kubernetes' (cert-manager's default) */
  readonly mountPath?: string;
  /** ServiceAccount whose token cert-manager requests (preferred). Exactly one of this and `secretRef`. @default - none */
  readonly serviceAccountRef?: IssuerServiceAccountRef;
  /** Secret key holding a long-lived ServiceAccount token. Exactly one of this and `serviceAccountRef`. @default - none */
  readonly secretRef?: SecretKeySelector;
}

/** Options of Vault AppRole auth. */
export interface VaultAppRoleAuthOptions {
  /** Mount path of the AppRole auth method. @default 'approle' */
  readonly path?: string;
  /** The AppRole role ID. */
  readonly roleId: string;
  /** Secret key holding the AppRole secret ID. */
  readonly secretRef: SecretKeySelector;
}

/** Options of Vault TLS client-certificate auth (uses `clientCertSecretRef`/`clientKeySecretRef` or `secretName`). */
export interface VaultClientCertificateAuthOptions {
  /** Mount path of the cert auth method. @default '/v1/auth/cert' */
  readonly mountPath?: string;
  /** Name of the certificate role to authenticate against. @default - any matching role */
  readonly name?: string;
  /** Secret (type kubernetes.io/tls) holding the client certificate and key. @default - the Vault issuer's client certificate */
  readonly secretName?: string;
}

/** Options of Vault AWS IAM auth. */
export interface VaultAwsAuthOptions {
  /** Vault role to log in as. */
  readonly role: string;
  /** AWS region. @default - from the environment */
  readonly region?: string;
  /** Mount path of the AWS auth method. @default '/v1/auth/aws' */
  readonly mountPath?: string;
  /** IAM role to assume with the ServiceAccount token (required with `serviceAccountRef`). @default - none */
  readonly iamRoleArn?: string;
  /** ServiceAccount for IRSA. @default - ambient credentials */
  readonly serviceAccountRef?: IssuerServiceAccountRef;
  /** Value of the `X-Vault-AWS-IAM-Server-ID` header. @default - none */
  readonly vaultHeaderValue?: string;
}

/**
 * How cert-manager authenticates to Vault (exactly one method). A wrong option is reported by
 * the issuer whose `IssuerConfig.vault()` receives it (`config.auth...`).
 */
export class VaultAuth {
  /** A Vault token stored in a Secret. */
  public static token(tokenSecretRef: SecretKeySelector): VaultAuth {
    return factory('VaultAuth.token', VaultAuth, () => {
      checkSecretKeySelector('VaultAuth.token', 'tokenSecretRef', tokenSecretRef);
      return new VaultAuth({ tokenSecretRef: { name: tokenSecretRef.name, key: tokenSecretRef.key } });
    });
  }

  /** AppRole: role ID plus a secret ID stored in a Secret. */
  public static appRole(options: VaultAppRoleAuthOptions): VaultAuth {
    const where = 'VaultAuth.appRole';
    return factory(where, VaultAuth, () => {
      const o = options ?? ({} as VaultAppRoleAuthOptions);
      requireString(where, 'roleId', o.roleId, 'set the AppRole role ID');
      checkSecretKeySelector(where, 'secretRef', o.secretRef);
      const path = o.path ?? 'approle';
      requireString(where, 'path', path, "set the AppRole mount path, e.g. 'approle'");
      checkNoDotDot(where, 'path', path);
      return new VaultAuth({ appRole: { path, roleId: o.roleId, secretRef: { name: o.secretRef.name, key: o.secretRef.key } } });
    });
  }

  /** Kubernetes auth with a requested ServiceAccount token (`serviceAccountRef`) or a token Secret (`secretRef`). */
  public static kubernetes(options: VaultKubernetesAuthOptions): VaultAuth {
    const where = 'VaultAuth.kubernetes';
    return factory(where, VaultAuth, () => {
      const o = options ?? ({} as VaultKubernetesAuthOptions);
      requireString(where, 'role', o.role, 'set the Vault role to log in as');
      if (o.serviceAccountRef && o.secretRef) fail(where, 'secretRef', o.secretRef.name, 'please supply one of: secretRef, serviceAccountRef', 'use serviceAccountRef (short-lived tokens) and remove secretRef');
      if (!o.serviceAccountRef && !o.secretRef) fail(where, 'serviceAccountRef', undefined, 'please supply one of: secretRef, serviceAccountRef', 'reference the ServiceAccount cert-manager requests a token for');
      if (o.serviceAccountRef) checkServiceAccountRef(where, 'serviceAccountRef', o.serviceAccountRef);
      if (o.secretRef) checkSecretKeySelector(where, 'secretRef', o.secretRef);
      if (o.mountPath !== undefined) requireString(where, 'mountPath', o.mountPath, 'set the mount path or remove it');
      checkNoDotDot(where, 'mountPath', o.mountPath);
      return new VaultAuth({
        kubernetes: {
          role: o.role,
          mountPath: o.mountPath,
          serviceAccountRef: o.serviceAccountRef ? { name: o.serviceAccountRef.name, audiences: o.serviceAccountRef.audiences } : undefined,
          secretRef: o.secretRef ? { name: o.secretRef.name, key: o.secretRef.key } : undefined,
        },
      });
    });
  }

  /** TLS client-certificate auth. */
  public static clientCertificate(options: VaultClientCertificateAuthOptions = {}): VaultAuth {
    const where = 'VaultAuth.clientCertificate';
    return factory(where, VaultAuth, () => {
      const o = options ?? {};
      checkNoDotDot(where, 'mountPath', o.mountPath);
      if (o.secretName !== undefined) checkSecretName(where, 'secretName', o.secretName);
      return new VaultAuth({ clientCertificate: { mountPath: o.mountPath, name: o.name, secretName: o.secretName } }, o.secretName === undefined);
    });
  }

  /** AWS IAM auth, optionally with IRSA. */
  public static aws(options: VaultAwsAuthOptions): VaultAuth {
    const where = 'VaultAuth.aws';
    return factory(where, VaultAuth, () => {
      const o = options ?? ({} as VaultAwsAuthOptions);
      requireString(where, 'role', o.role, 'set the Vault role to log in as');
      checkNoDotDot(where, 'mountPath', o.mountPath);
      if (o.serviceAccountRef) {
        checkServiceAccountRef(where, 'serviceAccountRef', o.serviceAccountRef);
        if (!o.iamRoleArn) fail(where, 'iamRoleArn', o.iamRoleArn, 'iamRoleArn is required when using serviceAccountRef for IRSA', 'set the ARN of the IAM role to assume');
      }
      return new VaultAuth({
        aws: {
          role: o.role,
          region: o.region,
          mountPath: o.mountPath,
          iamRoleArn: o.iamRoleArn,
          vaultHeaderValue: o.vaultHeaderValue,
          serviceAccountRef: o.serviceAccountRef ? { name: o.serviceAccountRef.name, audiences: o.serviceAccountRef.audiences } : undefined,
        },
      });
    });
  }

  private constructor(private readonly kube: cm.IssuerSpecVaultAuth, private readonly needsVaultClientCert: boolean = false) {}

  /** Client-certificate auth without its own Secret uses the Vault issuer's client certificate. @internal */
  public get _needsClientCertificate(): boolean {
    return this.needsVaultClientCert;
  }

  /** @internal */
  public _toKube(): cm.IssuerSpecVaultAuth {
    return this.kube;
  }
}
