import { ConfigError, loadConfig } from './app-config';

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      SOURCES: [],
      HARVEST_ON_START: true,
      HARVEST_INTERVAL_MINUTES: 1440,
      MEILI_INDEX: 'providers',
      MEILI_TIMEOUT_MS: 30_000,
      ALLOW_PRIVATE_SOURCES: false,
      ALLOW_INSECURE_SOURCE_HEADERS: false,
      WIDGET_ORIGINS: ['*'],
      DEMO_DATA: 'on',
    });
    expect(config.CURSOR_SECRET).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.MEILI_URL).toBeUndefined();
    expect(config.DATA_DIR).toMatch(/\/data$/);
  });

  it('takes the security settings, and refuses a short cursor secret or a flag that is not true or false', () => {
    const config = loadConfig({ ALLOW_PRIVATE_SOURCES: 'true', ALLOW_INSECURE_SOURCE_HEADERS: 'true', CURSOR_SECRET: 'x'.repeat(32) });
    expect(config).toMatchObject({ ALLOW_PRIVATE_SOURCES: true, ALLOW_INSECURE_SOURCE_HEADERS: true, CURSOR_SECRET: 'x'.repeat(32) });

    expect(() => loadConfig({ CURSOR_SECRET: 'short', ALLOW_PRIVATE_SOURCES: 'yes' })).toThrow(
      /ALLOW_PRIVATE_SOURCES: .*\n.*CURSOR_SECRET: at least 32 characters/,
    );
  });

  it('takes the operations settings: rate limit, API keys, trust proxy, metrics token, shutdown grace', () => {
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT: 'on',
      RATE_LIMIT_POINTS: 600,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      API_KEYS: [],
      TRUST_PROXY: false,
      SHUTDOWN_GRACE_MS: 10_000,
    });
    expect(loadConfig({ API_KEYS: ' a , b ', TRUST_PROXY: 'true' })).toMatchObject({ API_KEYS: ['a', 'b'], TRUST_PROXY: true });
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ RATE_LIMIT: 'maybe', RATE_LIMIT_POINTS: '0', METRICS_TOKEN: 'short' })).toThrow(
      /RATE_LIMIT: .*\n.*RATE_LIMIT_POINTS: .*\n.*METRICS_TOKEN: at least 16 characters/s,
    );
  });

  it('takes the query limits and persisted-query settings, and refuses a limit that is not a positive integer', () => {
    expect(loadConfig({})).toMatchObject({
      QUERY_MAX_COST: 25_000, QUERY_MAX_ALIASES: 15, QUERY_MAX_DEPTH: 12, QUERY_MAX_TOKENS: 2_000, PERSISTED_QUERIES_ONLY: false, SEARCH_CACHE_SECONDS: 30,
    });
    expect(loadConfig({ QUERY_MAX_COST: '500', PERSISTED_QUERIES_ONLY: 'true', SEARCH_CACHE_SECONDS: '0' })).toMatchObject({
      QUERY_MAX_COST: 500, PERSISTED_QUERIES_ONLY: true, SEARCH_CACHE_SECONDS: 0,
    });
    expect(() => loadConfig({ QUERY_MAX_ALIASES: '0' })).toThrow(/QUERY_MAX_ALIASES/);
    expect(() => loadConfig({ PERSISTED_QUERIES_FILE: '/no/such/queries.json' })).toThrow(/PERSISTED_QUERIES_FILE: no such file: give the path of a JSON object of sha256 hash -> query/);
  });

  it('splits SOURCES on commas and trims them', () => {
    expect(loadConfig({ SOURCES: ' http://a/fhir , http://b/fhir,' }).SOURCES).toEqual([
      'http://a/fhir',
      'http://b/fhir',
    ]);
  });

  it('splits WIDGET_ORIGINS on commas, without trailing slashes', () => {
    expect(loadConfig({ WIDGET_ORIGINS: 'https://payer.example/, http://localhost:8080' }).WIDGET_ORIGINS).toEqual([
      'https://payer.example',
      'http://localhost:8080',
    ]);
  });

  it('lists every invalid variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url', ADMIN_API_KEY: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/REDIS_URL/);
    expect(problems).toMatch(/ADMIN_API_KEY: at least 16 characters/);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ REDIS_URL: '', MEILI_URL: '' }).REDIS_URL).toBeUndefined();
  });

  describe('SOURCES_FILE', () => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'pds-config-'));
      await writeFile(path.join(dir, 'sources.json'), '[]');
    });

    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('is unset by default', () => {
      expect(loadConfig({}).SOURCES_FILE).toBeUndefined();
    });

    it('resolves an existing file to an absolute path', () => {
      const relative = path.relative(process.cwd(), path.join(dir, 'sources.json'));
      expect(loadConfig({ SOURCES_FILE: relative }).SOURCES_FILE).toBe(path.join(dir, 'sources.json'));
    });

    it.each([
      ['a missing file', 'missing.json'],
      ['a directory', '.'],
    ])('refuses %s, saying what it wants', (_what, file) => {
      expect(() => loadConfig({ SOURCES_FILE: path.join(dir, file) })).toThrow(
        /SOURCES_FILE: no such file: give the path of a JSON array of source settings/,
      );
    });
  });
});
