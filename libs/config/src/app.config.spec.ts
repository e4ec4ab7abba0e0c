import { ConfigError, loadConfig } from './app.config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      SOURCES: [],
      HARVEST_ON_START: true,
      HARVEST_INTERVAL_MINUTES: 1440,
      MEILI_INDEX: 'providers',
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.MEILI_URL).toBeUndefined();
    expect(config.DATA_DIR).toMatch(/\/data$/);
  });

  it('splits SOURCES on commas and trims them', () => {
    expect(loadConfig({ SOURCES: ' http://a/fhir , http://b/fhir,' }).SOURCES).toEqual([
      'http://a/fhir',
      'http://b/fhir',
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
});
