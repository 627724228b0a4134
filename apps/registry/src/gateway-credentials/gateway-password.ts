// Passwords for gateways' MQTT logins (DESIGN.md §3): shown to the technician once, typed into
// gateway web UIs and pasted onto command lines (mosquitto_pub -P …), so letters and digits
// only. Not `base64url`: its `-` and `_` are harmless to a shell, but a password starting
// with `-` reads as an option to mosquitto_ctrl and friends.
import { randomBytes } from 'node:crypto';

export const GATEWAY_PASSWORD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 32 characters of 62: log2(62) × 32 ≈ 190 bits. */
export const GATEWAY_PASSWORD_LENGTH = 32;

/** A uniformly random password of GATEWAY_PASSWORD_LENGTH letters and digits, from the OS CSPRNG. */
export function generateGatewayPassword(): string {
  const n = GATEWAY_PASSWORD_ALPHABET.length;
  // Bytes at or above the largest multiple of 62 below 256 are skipped, so `byte % 62` is
  // uniform (a plain modulo would favour the first 8 characters by a quarter).
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < GATEWAY_PASSWORD_LENGTH) {
    for (const byte of randomBytes(GATEWAY_PASSWORD_LENGTH * 2)) {
      if (byte >= limit) continue;
      out += GATEWAY_PASSWORD_ALPHABET[byte % n];
      if (out.length === GATEWAY_PASSWORD_LENGTH) break;
    }
  }
  return out;
}
