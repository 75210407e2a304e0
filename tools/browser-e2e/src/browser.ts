import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const SCREENSHOTS = path.resolve(__dirname, '../../../test-output/screenshots');

/**
 * Debian's Chromium, headless, with the flags this closed network needs: without the background
 * networking ones, Chromium keeps trying to reach Google's hosts. Playwright gives each launch a
 * fresh, empty profile of its own.
 */
export async function launchChromium(): Promise<{ browser: Browser; context: BrowserContext; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return {
    browser,
    context,
    close: () => browser.close(),
  };
}
