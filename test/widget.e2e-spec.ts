import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TestFhirServer, planNetDataDir, startTestFhirServer } from '@pds/testing';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations, computedStyle, expectAttribute, expectCount, expectFocused, expectText, expectValue, launchChromium, screenshot, type WatchedPage,
  watchedPage,
} from './support/browser';
import { type GraphQLResponse, graphql } from './support/graphql-client';
import { type RunningService, freePort, runHarvestCli, serviceEnv, startApi } from './support/service-process';

jest.setTimeout(180_000);

const FAMILY_MEDICINE = '207Q00000X';
const HARTFORD = { place: 'Hartford, CT' };
const THEME_ACCENT = 'rgb(128, 0, 64)';

interface Answer {
  searchProviders: {
    totalCount: number;
    pageInfo: { endCursor: string | null };
    edges: { node: { name: string; providerKey: string; distanceMiles: number | null } }[];
  };
}
const SEARCH = `query($filter: ProviderFilter, $sort: ProviderSort, $first: Int, $after: String) {
  searchProviders(filter: $filter, sort: $sort, first: $first, after: $after, onePerProvider: true) {
    totalCount pageInfo { endCursor } edges { node { name providerKey distanceMiles } } } }`;

/** What the API itself answers to the query the widget should have sent: the widget's list must equal it. */
async function apiAnswer(api: RunningService, filter: Record<string, unknown>, pages = 1) {
  const names: string[] = [];
  const distances: number[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (let page = 0; page < pages; page++) {
    const { data, errors }: GraphQLResponse<Answer> = await graphql<Answer>(api.url, SEARCH, {
      filter, sort: filter.near ? 'DISTANCE' : 'RELEVANCE', first: 10, after,
    });
    expect(errors).toBeUndefined();
    totalCount = data!.searchProviders.totalCount;
    names.push(...data!.searchProviders.edges.map((e) => e.node.name));
    distances.push(...data!.searchProviders.edges.map((e) => e.node.distanceMiles ?? Number.NaN));
    after = data!.searchProviders.pageInfo.endCursor;
  }
  return { names, distances, totalCount };
}

const resultNames = (page: Page) => page.getByRole('list', { name: 'Results' }).getByRole('heading', { level: 3 }).allTextContents();

async function pick(page: Page, box: string, typed: string, option: RegExp): Promise<void> {
  await page.getByRole('combobox', { name: box }).fill(typed);
  await page.getByRole('option', { name: option }).click();
}

/** Every GraphQL request the widget made was an APQ GET by hash (its queries are listed, so none needed a POST). */
function expectPersistedGets(requests: string[]): void {
  const graphqlRequests = requests.filter((url) => new URL(url).pathname === '/graphql');
  expect(graphqlRequests.length).toBeGreaterThan(0);
  for (const url of graphqlRequests) expect(JSON.parse(new URL(url).searchParams.get('extensions') ?? '{}')).toEqual({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
}

describe('<provider-search> and the find-a-doctor page in Chromium, over the shared Plan-Net directory', () => {
  let fhir: TestFhirServer;
  let dataDir: string;
  let api: RunningService;
  let browser: Browser;
  let embedder: http.Server;
  let embedderOrigin: string;
  let network: string;
  const opened: WatchedPage[] = [];

  const open = async (viewport = { width: 1280, height: 800 }, extra: Parameters<typeof watchedPage>[1] = {}) => {
    const watched = await watchedPage(browser, { viewport, ...extra });
    opened.push(watched);
    return watched;
  };

  beforeAll(async () => {
    fhir = await startTestFhirServer({ dataDir: planNetDataDir() });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pds-widget-'));
    const cli = await runHarvestCli([fhir.baseUrl], serviceEnv({ DATA_DIR: dataDir }));
    expect(cli.code).toBe(0);
    const port = await freePort();
    embedderOrigin = `http://127.0.0.1:${port}`;
    api = await startApi(serviceEnv({ DATA_DIR: dataDir, WIDGET_ORIGINS: embedderOrigin }));
    const hartford = await graphql<{ searchProviders: { edges: { node: { networks: { id: string }[] } }[] } }>(
      api.url,
      'query($filter: ProviderFilter) { searchProviders(filter: $filter, sort: DISTANCE, first: 1) { edges { node { networks { id } } } } }',
      { filter: { specialties: [FAMILY_MEDICINE], near: { ...HARTFORD, radiusMiles: 10 } } },
    );
    network = hartford.data!.searchProviders.edges[0].node.networks[0].id;
    embedder = http
      .createServer((request, response) => {
        // A payer's own page on another origin, under the strict policy the widget promises to work with.
        response.setHeader('content-security-policy', `default-src 'self'; script-src ${api.url}; connect-src ${api.url}`);
        if (request.url === '/theme.css') {
          response.setHeader('content-type', 'text/css');
          return response.end(`provider-search { --ps-accent: ${THEME_ACCENT}; } provider-search::part(result) { border-radius: 0; }`);
        }
        response.setHeader('content-type', 'text/html');
        response.end(`<!doctype html><html lang="en"><head><title>Acme Health: find a doctor</title>
<link rel="stylesheet" href="/theme.css">
<script type="module" src="${api.url}/widget/provider-search.js"></script></head>
<body><main><h1>Acme Health</h1><provider-search endpoint="${api.url}/graphql" location="Hartford, CT" specialty="${FAMILY_MEDICINE}" networks="${network}" radius-miles="50"
  page-size="5">
</provider-search></main></body></html>`);
      })
      .listen(port, '127.0.0.1');
    browser = await launchChromium();
  });

  afterEach(() => {
    for (const { problems } of opened.splice(0)) expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    embedder?.close();
    await api?.stop();
    await fhir?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('finds family doctors near a Connecticut city as the API answers, nearest first; widens, pages, filters and opens one', async () => {
    const { page, requests, events } = await open();
    await page.goto(`${api.url}/`);
    await pick(page, 'Location', 'Hartfo', /^Hartford, CT\b/);
    await pick(page, 'Specialty, name or facility', 'family med', /^Family Medicine Physician\b/);
    await page.getByRole('button', { name: 'Search' }).click();

    const near10 = await apiAnswer(api, { kinds: ['PRACTITIONER'], specialties: [FAMILY_MEDICINE], near: { ...HARTFORD, radiusMiles: 10 } });
    expect(near10.totalCount).toBeGreaterThan(0);
    await expectText(page.getByRole('status'), `${near10.totalCount} results`);
    expect(await resultNames(page)).toEqual(near10.names);
    expect(near10.distances).toEqual([...near10.distances].sort((a, b) => a - b));

    await page.getByRole('combobox', { name: 'Distance' }).selectOption({ label: '50 miles' });
    const near50 = await apiAnswer(api, { kinds: ['PRACTITIONER'], specialties: [FAMILY_MEDICINE], near: { ...HARTFORD, radiusMiles: 50 } }, 2);
    expect(near50.totalCount).toBeGreaterThan(10);
    await expectText(page.getByRole('status'), `${near50.totalCount} results`);
    await page.getByRole('button', { name: 'Show more' }).click();
    await expectCount(page.getByRole('list', { name: 'Results' }).getByRole('listitem'), Math.min(20, near50.totalCount));
    expect(await resultNames(page)).toEqual(near50.names);

    await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'Spanish' });
    const spanish = await apiAnswer(api, { kinds: ['PRACTITIONER'], specialties: [FAMILY_MEDICINE], languages: ['es'], near: { ...HARTFORD, radiusMiles: 50 } });
    expect(spanish.totalCount).toBeGreaterThan(0);
    expect(spanish.totalCount).toBeLessThan(near50.totalCount);
    await expectText(page.getByRole('status'), `${spanish.totalCount} ${spanish.totalCount === 1 ? 'result' : 'results'}`);
    expect(await resultNames(page)).toEqual(spanish.names);

    const name = spanish.names[0];
    await page.getByRole('list', { name: 'Results' }).getByRole('button', { name }).click();
    await expectFocused(page.getByRole('heading', { level: 2, name }));
    const { data } = await graphql<{ provider: { locations: unknown[] } }>(
      api.url,
      'query($key: ID!) { provider(providerKey: $key) { locations { practitionerRoleId } } }',
      { key: (await events()).findLast((e) => e.type === 'ps-select')!.detail.providerKey },
    );
    await expectCount(page.getByRole('list', { name: 'Offices' }).getByRole('listitem'), data!.provider.locations.length);

    const seen = await events();
    expect(seen.filter((e) => e.type === 'ps-results').map((e) => e.detail.totalCount)).toEqual([
      near10.totalCount, near50.totalCount, near50.totalCount, spanish.totalCount,
    ]);
    expect(seen.find((e) => e.type === 'ps-results')!.detail.origin).toMatchObject({ label: expect.stringMatching(/^Hartford, CT/) });
    expect(seen.findLast((e) => e.type === 'ps-select')!.detail).toEqual({
      providerKey: expect.any(String), npi: expect.anything(), practitionerRoleId: expect.any(String), locationId: expect.any(String),
    });
    await page.getByRole('button', { name: 'Back to results' }).click();
    await expectFocused(page.getByRole('list', { name: 'Results' }).getByRole('button', { name }));
    expect(requests.every((url) => url.startsWith(`${api.url}/`))).toBe(true);
    expectPersistedGets(requests);
  });

  it('says when nothing matches, and what was wrong when the directory refuses a search', async () => {
    const { page, events } = await open();
    await page.goto(`${api.url}/`);
    await expectCount(page.getByRole('combobox', { name: 'Network or plan' }), 1);
    await page.getByRole('combobox', { name: 'Location' }).fill('06103');
    await page.getByRole('combobox', { name: 'Specialty, name or facility' }).fill('zzqxv');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectText(page.getByRole('status'), '0 results');
    await page.getByText('No providers match', { exact: false }).waitFor();

    await page.getByRole('combobox', { name: 'Location' }).fill('Qwxzy, ZZ');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectText(page.getByRole('alert'), /Qwxzy/);
    expect((await events()).findLast((e) => e.type === 'ps-error')!.detail).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/Qwxzy/) });
  });

  it('works with the keyboard alone', async () => {
    const { page } = await open();
    await page.goto(`${api.url}/`);
    await page.keyboard.press('Tab');
    const location = page.getByRole('combobox', { name: 'Location' });
    await expectFocused(location);
    await page.keyboard.type('Hartfo');
    await page.getByRole('option', { name: /^Hartford, CT\b/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await expectAttribute(location, 'aria-activedescendant', /.+/);
    await page.keyboard.press('Enter');
    await expectValue(location, 'Hartford, CT');
    await expectAttribute(location, 'aria-expanded', 'false');
    await page.keyboard.press('Tab');
    await expectFocused(page.getByRole('button', { name: 'Use my location' }));
    await page.keyboard.press('Tab');
    const what = page.getByRole('combobox', { name: 'Specialty, name or facility' });
    await expectFocused(what);
    await page.keyboard.type('family med');
    await page.getByRole('option', { name: /^Family Medicine Physician\b/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await expectAttribute(page.getByRole('option', { name: /^Family Medicine Physician\b/ }), 'aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expectValue(what, 'Family Medicine Physician');
    await page.keyboard.press('Enter');

    const answer = await apiAnswer(api, { kinds: ['PRACTITIONER'], specialties: [FAMILY_MEDICINE], near: { ...HARTFORD, radiusMiles: 10 } });
    await expectText(page.getByRole('status'), `${answer.totalCount} results`);
    expect(await resultNames(page)).toEqual(answer.names);
    const first = page.getByRole('list', { name: 'Results' }).getByRole('button', { name: answer.names[0] });
    for (let presses = 0; presses < 20 && !(await first.evaluate((el) => el.matches(':focus'))); presses++) await page.keyboard.press('Tab');
    await expectFocused(first);
    await page.keyboard.press('Enter');
    await expectFocused(page.getByRole('heading', { level: 2, name: answer.names[0] }));

    await page.getByRole('combobox', { name: 'Location' }).focus();
    await page.keyboard.type('x');
    await page.keyboard.press('Escape');
    await expectAttribute(location, 'aria-expanded', 'false');
  });

  it('finds pharmacies, and searches from the browser’s location', async () => {
    const hartford = { latitude: 41.7637, longitude: -72.6851 };
    const { page } = await open({ width: 1280, height: 800 }, { geolocation: hartford, permissions: ['geolocation'] });
    await page.goto(`${api.url}/`);
    await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Pharmacies' });
    await page.getByRole('button', { name: 'Use my location' }).click();
    const answer = await apiAnswer(api, { kinds: ['PHARMACY'], near: { ...hartford, radiusMiles: 10 } });
    expect(answer.totalCount).toBeGreaterThan(0);
    await expectText(page.getByRole('status'), `${answer.totalCount} results`);
    expect(await resultNames(page)).toEqual(answer.names);
    await expectValue(page.getByRole('combobox', { name: 'Location' }), 'My location');
  });

  it('runs embedded and themed in a page on another origin under a strict CSP; an origin not listed gets no CORS grant', async () => {
    const { page, requests, events } = await open();
    await page.goto(`${embedderOrigin}/`);
    const near50 = { kinds: ['PRACTITIONER'], specialties: [FAMILY_MEDICINE], near: { ...HARTFORD, radiusMiles: 50 } };
    const answer = await apiAnswer(api, { ...near50, networks: [network] });
    expect(answer.totalCount).toBeLessThan((await apiAnswer(api, near50)).totalCount);
    await expectText(page.getByRole('status'), `${answer.totalCount} results`);
    expect(await resultNames(page)).toEqual(answer.names.slice(0, 5));
    // The payer locked its network: no network-or-plan filter to pick another.
    await expectCount(page.getByRole('combobox', { name: 'Network or plan' }), 0);
    // Themed by the embedder's own stylesheet: a custom property and a part.
    expect(await computedStyle(page.getByRole('button', { name: 'Search' }), 'background-color')).toBe(THEME_ACCENT);
    expect(await computedStyle(page.getByRole('listitem').first(), 'border-top-left-radius')).toBe('0px');
    expect((await events()).map((e) => e.type)).toEqual(['ps-results']);
    expect(new Set(requests.map((url) => new URL(url).origin))).toEqual(new Set([embedderOrigin, api.url]));
    // Cross-origin too: the GETs' x-apollo-operation-name header passes the CORS preflight.
    expectPersistedGets(requests);

    const preflight = (origin: string) =>
      fetch(`${api.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight(embedderOrigin)).headers.get('access-control-allow-origin')).toBe(embedderOrigin);
    expect((await preflight('http://not-allowed.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('has no WCAG 2.1 AA violations, and is photographed at desktop and phone sizes', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 375, height: 812 }]) {
      const { page } = await open(viewport);
      await page.goto(`${api.url}/`);
      await pick(page, 'Location', 'Hartfo', /^Hartford, CT\b/);
      await pick(page, 'Specialty, name or facility', 'family med', /^Family Medicine Physician\b/);
      await page.getByRole('button', { name: 'Search' }).click();
      await expectText(page.getByRole('status'), /^\d+ results$/);
      expect(await axeViolations(page)).toEqual([]);
      const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
      await screenshot(page, `find-a-doctor-${viewport.width}x${viewport.height}`);
    }
  });
});
