import type { IncomingMessage, ServerResponse } from 'node:http';
import { adminKeyAuth } from './dashboard-auth.middleware';

const KEY = 'admin-key-0123456789';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function call(headers: IncomingMessage['headers']) {
  const next = jest.fn();
  const response = { statusCode: 200, headers: {} as Record<string, string>, body: '' };
  const res = {
    set statusCode(code: number) {
      response.statusCode = code;
    },
    setHeader: (name: string, value: string) => void (response.headers[name.toLowerCase()] = value),
    end: (body: string) => void (response.body = body),
  } as unknown as ServerResponse;
  adminKeyAuth(KEY)({ headers } as IncomingMessage, res, next);
  return { passed: next.mock.calls.length === 1, ...response };
}

describe('adminKeyAuth', () => {
  it.each([
    ['the x-admin-key header', { 'x-admin-key': KEY }],
    ['basic auth with the key as password', { authorization: basic('admin', KEY) }],
    ['basic auth with any user name', { authorization: basic('', KEY) }],
  ])('lets through %s', (_how, headers) => {
    expect(call(headers).passed).toBe(true);
  });

  it.each([
    ['nothing', {}],
    ['a wrong key', { 'x-admin-key': `${KEY}x` }],
    ['the key as basic-auth user name', { authorization: basic(KEY, '') }],
    ['a bearer token', { authorization: `Bearer ${KEY}` }],
    ['basic auth without a colon', { authorization: `Basic ${Buffer.from(KEY).toString('base64')}` }],
  ])('answers 401 with a basic-auth challenge to %s', (_what, headers) => {
    const answer = call(headers);

    expect(answer).toMatchObject({ passed: false, statusCode: 401 });
    expect(answer.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(answer.body).toMatch(/needs the admin key/);
  });
});
