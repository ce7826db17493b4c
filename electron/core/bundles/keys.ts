import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors.js';
import type { TrustedKey } from '../../../shared/contract/bundles.js';
import { nowIso } from '../ids.js';
import type { Db } from '../store/db.js';
import { allKeys, insertKey, insertKeyIfNew, keyByFingerprint, keyByName, keysByTrust, renameKey, revokeKey, type KeyRow } from '../store/bundle-store.js';

/**
 * The workspace's signing key and the keys it trusts. The key pair (Ed25519, Node's crypto) is made on
 * first use and kept in `keys/workspace-ed25519.pem` inside the workspace, readable by its owner only;
 * the private key is never exported, shown or put in a bundle. Public keys travel as
 * `ciclo-ed25519:<base64 of the 32 raw bytes>`; a fingerprint is the first 16 bytes of their SHA-256.
 */

const PREFIX = 'ciclo-ed25519:';
const SPKI_HEADER = Buffer.from('302a300506032b6570032100', 'hex');

export function fingerprintOf(publicKey: string): string {
  const raw = rawOf(publicKey);
  const hex = crypto.createHash('sha256').update(raw).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(':');
}

function rawOf(publicKey: string): Buffer {
  const text = publicKey.trim();
  if (!text.startsWith(PREFIX)) throw new AppError('invalid_input', `"${text.slice(0, 40)}" is not a Ciclo public key (it starts with ${PREFIX}).`);
  const raw = Buffer.from(text.slice(PREFIX.length), 'base64');
  if (raw.length !== 32) throw new AppError('invalid_input', 'The public key is damaged: an Ed25519 key is 32 bytes.');
  return raw;
}

export function keyObjectOf(publicKey: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.concat([SPKI_HEADER, rawOf(publicKey)]), format: 'der', type: 'spki' });
}

export function verifySignature(publicKey: string, data: Buffer, signature: string): boolean {
  try {
    return crypto.verify(null, data, keyObjectOf(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export class KeyStore {
  private privateKey: crypto.KeyObject | null = null;
  readonly file: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.file = path.join(dataDir, 'keys', 'workspace-ed25519.pem');
  }

  /** The workspace key, made on first use (owner-only file). */
  private key(): crypto.KeyObject {
    if (this.privateKey) return this.privateKey;
    if (!fs.existsSync(this.file)) {
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      // a second process may have made it meanwhile: never replace an existing key
      try {
        const fd = fs.openSync(this.file, 'wx', 0o600);
        fs.writeSync(fd, pem);
        fs.fsyncSync(fd);
        fs.closeSync(fd);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
    this.privateKey = crypto.createPrivateKey(fs.readFileSync(this.file, 'utf8'));
    return this.privateKey;
  }

  publicKey(): string {
    const der = crypto.createPublicKey(this.key()).export({ type: 'spki', format: 'der' });
    return PREFIX + der.subarray(SPKI_HEADER.length).toString('base64');
  }

  show(): { publicKey: string; fingerprint: string } {
    const publicKey = this.publicKey();
    return { publicKey, fingerprint: fingerprintOf(publicKey) };
  }

  sign(data: Buffer): string {
    return crypto.sign(null, data, this.key()).toString('base64');
  }

  /** The public key given as text, a `keys show --json` document or a file holding either. */
  static parseKeyText(text: string): string {
    const t = text.trim();
    if (t.startsWith('{')) {
      try {
        const doc = JSON.parse(t) as { publicKey?: unknown };
        if (typeof doc.publicKey === 'string') return doc.publicKey.trim();
      } catch {
        // fall through to the message below
      }
      throw new AppError('invalid_input', 'The JSON given holds no "publicKey" (use the output of `ciclo keys show --json`).');
    }
    const found = t.match(/ciclo-ed25519:[A-Za-z0-9+/=]+/);
    if (!found) throw new AppError('invalid_input', 'No Ciclo public key found: give the key (ciclo-ed25519:...) or a file holding the output of `ciclo keys show`.');
    return found[0];
  }

  private row(fingerprint: string): KeyRow | undefined {
    return keyByFingerprint(this.db, fingerprint);
  }

  private view(r: KeyRow): TrustedKey {
    return { fingerprint: r.fingerprint, publicKey: r.public_key, name: r.name, trustedAt: r.trusted_at, revokedAt: r.revoked_at, revokedReason: r.revoked_reason, own: false };
  }

  list(): TrustedKey[] {
    const own = this.show();
    const rows = keysByTrust(this.db).map((r) => this.view(r));
    return [{ ...own, name: 'this workspace', trustedAt: null, revokedAt: null, revokedReason: '', own: true }, ...rows];
  }

  trust(keyText: string, name: string): TrustedKey {
    const publicKey = KeyStore.parseKeyText(keyText);
    const fingerprint = fingerprintOf(publicKey);
    if (fingerprint === this.show().fingerprint) throw new AppError('conflict', "That is this workspace's own key: it is always trusted.");
    const existing = this.row(fingerprint);
    if (existing?.revoked_at)
      throw new AppError('conflict', `Key ${fingerprint} ("${existing.name}") was revoked on ${existing.revoked_at.slice(0, 10)}; a revoked key stays refused.`, { fingerprint });
    if (existing) {
      renameKey(this.db, fingerprint, name);
    } else {
      insertKey(this.db, fingerprint, publicKey, name, nowIso());
    }
    return this.view(this.row(fingerprint)!);
  }

  /** Revokes by fingerprint (or a unique prefix of it) or by name; an unknown key is recorded as revoked too. */
  revoke(ref: string, reason: string): TrustedKey {
    const r = this.find(ref);
    if (r?.revoked_at) throw new AppError('conflict', `Key ${r.fingerprint} is already revoked.`);
    let fingerprint: string;
    if (r) fingerprint = r.fingerprint;
    else if (ref.includes('ciclo-ed25519:') || ref.trim().startsWith('{')) {
      const publicKey = KeyStore.parseKeyText(ref);
      fingerprint = fingerprintOf(publicKey);
      if (fingerprint === this.show().fingerprint) throw new AppError('conflict', "This workspace's own key cannot be revoked here.");
      insertKeyIfNew(this.db, fingerprint, publicKey, 'revoked key', nowIso());
    } else throw new AppError('not_found', `No trusted key matches "${ref}" (give its fingerprint, its name or the public key).`, { what: 'key', ref });
    revokeKey(this.db, fingerprint, nowIso(), reason);
    return this.view(this.row(fingerprint)!);
  }

  private find(ref: string): KeyRow | undefined {
    const t = ref.trim();
    const exact = this.row(t) ?? keyByName(this.db, t);
    if (exact) return exact;
    const plain = t.replace(/:/g, '').toLowerCase();
    if (plain.length < 8 || !/^[0-9a-f]+$/.test(plain)) return undefined;
    const hits = allKeys(this.db).filter((r) => r.fingerprint.replace(/:/g, '').startsWith(plain));
    if (hits.length > 1) throw new AppError('invalid_input', `"${ref}" matches ${hits.length} keys; give more of the fingerprint.`);
    return hits[0];
  }

  /** How this workspace regards a signer. */
  status(publicKey: string): { fingerprint: string; trust: 'own' | 'trusted' | 'unknown' | 'revoked'; name: string | null } {
    const fingerprint = fingerprintOf(publicKey);
    if (fingerprint === this.show().fingerprint) return { fingerprint, trust: 'own', name: 'this workspace' };
    const r = this.row(fingerprint);
    if (!r) return { fingerprint, trust: 'unknown', name: null };
    return { fingerprint, trust: r.revoked_at ? 'revoked' : 'trusted', name: r.name };
  }
}
