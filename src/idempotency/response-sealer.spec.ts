import { ResponseSealer } from './response-sealer';

describe('ResponseSealer', () => {
  const sealer = new ResponseSealer('a-signing-secret-that-is-long-enough-0123456789');
  const answer = JSON.stringify({ data: { createApiKey: { secret: 'psk_live_shown_once' } } });

  it('round-trips an answer without keeping it in the clear', () => {
    const sealed = sealer.seal(answer, 'org/principal/key');
    expect(sealed.includes(Buffer.from('psk_live_shown_once'))).toBe(false);
    expect(sealer.open(sealed, 'org/principal/key')).toBe(answer);
    // A fresh nonce each time: the same answer never seals to the same bytes.
    expect(sealer.seal(answer, 'org/principal/key').equals(sealed)).toBe(false);
  });

  it('opens nothing under another key owner, another secret, or after tampering', () => {
    const sealed = sealer.seal(answer, 'org/principal/key');
    expect(sealer.open(sealed, 'org/other-principal/key')).toBeNull();
    expect(new ResponseSealer('another-signing-secret-that-is-long-enough-0123').open(sealed, 'org/principal/key')).toBeNull();
    const tampered = Buffer.from(sealed);
    tampered[20] ^= 1;
    expect(sealer.open(tampered, 'org/principal/key')).toBeNull();
    expect(sealer.open(Buffer.alloc(8), 'org/principal/key')).toBeNull();
  });
});
