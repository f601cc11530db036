import { Webhook } from 'standardwebhooks';
import { newWebhookSecret, SecretBox, sign, webhookHeaders } from './webhook-signing';

describe('webhook signing', () => {
  const body = JSON.stringify({ type: 'brand.created', timestamp: '2026-11-26T10:00:00.000Z', data: { entityId: 'b1' } });
  const now = () => Math.floor(Date.now() / 1000);

  it('makes Standard Webhooks secrets: whsec_ and 32 random bytes in base64', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('signs as the standardwebhooks library does, and it verifies the headers', () => {
    const secret = newWebhookSecret();
    const timestamp = now();
    expect(sign(secret, 'msg_1', timestamp, body)).toBe(new Webhook(secret).sign('msg_1', new Date(timestamp * 1000), body));
    const headers = webhookHeaders('msg_1', timestamp, body, [secret]);
    expect(headers).toMatchObject({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'content-type': 'application/json' });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(secret).verify(body.replace('b1', 'b2'), headers)).toThrow(/No matching signature/);
  });

  it('signs with every secret given, so both verify during a rotation', () => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders('msg_2', now(), body, [current, previous]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });
});

describe('SecretBox', () => {
  const box = new SecretBox('k'.repeat(32));

  it('opens what it sealed, in the same context only', () => {
    const sealed = box.seal('whsec_abc', 'org/endpoint-1');
    expect(sealed).not.toContain('whsec_abc');
    expect(box.seal('whsec_abc', 'org/endpoint-1')).not.toBe(sealed);
    expect(box.open(sealed, 'org/endpoint-1')).toBe('whsec_abc');
    expect(() => box.open(sealed, 'org/endpoint-2')).toThrow();
  });

  it('refuses a value sealed with another key, or altered', () => {
    const sealed = box.seal('whsec_abc', 'ctx');
    expect(() => new SecretBox('j'.repeat(32)).open(sealed, 'ctx')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('whsec_abd').toString('base64');
    expect(() => box.open(parts.join('.'), 'ctx')).toThrow();
    expect(() => box.open('plain', 'ctx')).toThrow(/Not a sealed/);
  });
});
