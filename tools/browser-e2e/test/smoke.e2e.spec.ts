import { launchChromium } from '../src/browser.js';

it('launches Debian Chromium headless', async () => {
  const { context, close } = await launchChromium();
  try {
    const page = await context.newPage();
    await page.setContent('<h1>kore-train</h1>');
    expect(await page.textContent('h1')).toBe('kore-train');
  } finally {
    await close();
  }
});
