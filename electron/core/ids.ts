import crypto from 'node:crypto';

/** Short ids that sort by creation time: prefix, base36 milliseconds, 6 random base36 characters. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const rand = BigInt('0x' + crypto.randomBytes(5).toString('hex'))
    .toString(36)
    .padStart(6, '0')
    .slice(-6);
  return `${prefix}_${time}${rand}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
