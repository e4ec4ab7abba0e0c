import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { type Browser, type BrowserContextOptions, type Locator, type Page, chromium } from 'playwright-core';
import { REPO_ROOT } from './service-process';

export const ARTIFACTS = path.join(REPO_ROOT, 'test/artifacts');

/** Debian's Chromium: Playwright's own browser download cannot work on these machines. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface WatchedPage {
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  /** Content-Security-Policy violations and console errors. */
  problems: string[];
  /** The widget's ps-* events, in order. */
  events: () => Promise<{ type: string; detail: Record<string, unknown> }[]>;
}

/** A page that records its requests, CSP violations, console errors and the widget's events. */
export async function watchedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  // Init scripts (browser code, as text: this project's types have no DOM) run through the debugging
  // protocol, so the page's CSP does not block them.
  await page.addInitScript(`
    window.psEvents = [];
    for (const type of ['ps-results', 'ps-select', 'ps-error']) {
      document.addEventListener(type, (event) => window.psEvents.push({ type, detail: event.detail }));
    }
    document.addEventListener('securitypolicyviolation', (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));
  `);
  const events = () => page.evaluate<{ type: string; detail: Record<string, unknown> }[]>('window.psEvents');
  return { page, requests, problems, events };
}

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: unknown[] }[] }[];
}

/** axe-core's WCAG 2.1 A/AA violations, as "rule: help (targets)". Evaluated, not injected: the page's CSP forbids inline scripts. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate<AxeResult>(`axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })`);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Retries jest assertions until they pass: playwright-core has no web-first assertions of its own. */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export const expectText = (locator: Locator, want: string | RegExp, timeoutMs?: number) =>
  eventually(
    async () => expect((await locator.textContent())?.trim()).toMatch(typeof want === 'string' ? new RegExp(`^${escapeRegExp(want)}$`) : want),
    timeoutMs,
  );
export const expectCount = (locator: Locator, want: number) => eventually(async () => expect(await locator.count()).toBe(want));
export const expectFocused = (locator: Locator) => eventually(async () => expect(await locator.evaluate((el) => el.matches(':focus'))).toBe(true));
export const expectAttribute = (locator: Locator, name: string, want: string | RegExp) =>
  eventually(async () => expect(await locator.getAttribute(name)).toMatch(want));
export const expectValue = (locator: Locator, want: string) => eventually(async () => expect(await locator.inputValue()).toBe(want));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A computed CSS property (hyphenated name) of the element. */
export const computedStyle = (locator: Locator, property: string) =>
  locator.evaluate((el, name) => el.ownerDocument.defaultView!.getComputedStyle(el).getPropertyValue(name), property);
