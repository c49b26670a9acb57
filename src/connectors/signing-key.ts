import { createPrivateKey, type JsonWebKey as NodeJwk, type KeyObject, webcrypto } from 'node:crypto';

/** The JWS algorithms Okta accepts for a client assertion, by key: RSA signs RS256, EC keys sign with their curve's ES algorithm. */
const EC_ALGORITHMS: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
/** Node names the curves as OpenSSL does. */
const OPENSSL_CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** A private key for signing client assertions, read from PEM (PKCS#8 or PKCS#1/SEC1) or a JWK; its kid when the JWK names one. */
export interface SigningKey {
  alg: string;
  kid?: string;
  key: KeyObject;
}

/** Reads a private key; the error never repeats the key's text. */
export function parseSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  let key: KeyObject;
  let kid: string | undefined;
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as NodeJwk & { kid?: unknown; keys?: unknown };
      if (Array.isArray(jwk.keys)) throw new SigningKeyError('give one JWK, not a key set');
      kid = typeof jwk.kid === 'string' && jwk.kid ? jwk.kid : undefined;
      key = createPrivateKey({ key: jwk, format: 'jwk' });
    } else {
      key = createPrivateKey({ key: trimmed, format: 'pem' });
    }
  } catch (err) {
    if (err instanceof SigningKeyError) throw err;
    throw new SigningKeyError('not a private key in PEM or JWK form');
  }
  if (key.asymmetricKeyType === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new SigningKeyError('an RSA key must have at least 2048 bits');
    return { alg: 'RS256', kid, key };
  }
  const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
  const alg = key.asymmetricKeyType === 'ec' ? EC_ALGORITHMS[OPENSSL_CURVES[curve] ?? curve] : undefined;
  if (!alg) throw new SigningKeyError('expected an RSA key or an EC key on P-256, P-384 or P-521');
  return { alg, kid, key };
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** The WebCrypto key openid-client signs with (non-extractable). */
export async function toCryptoKey(k: SigningKey): Promise<webcrypto.CryptoKey> {
  const jwk = k.key.export({ format: 'jwk' }) as webcrypto.JsonWebKey;
  const algorithm =
    k.alg === 'RS256'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: Object.entries(EC_ALGORITHMS).find(([, alg]) => alg === k.alg)![0] };
  return webcrypto.subtle.importKey('jwk', jwk, algorithm, false, ['sign']);
}
