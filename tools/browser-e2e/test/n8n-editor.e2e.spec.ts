/**
 * The n8n editor of @kore-train/n8n-nodes-kore-train in headless Chromium, as a user meets it: the
 * packed package installed as a community package into a real n8n 2.40 (`n8n start` on free ports of
 * 127.0.0.1, a fresh user folder), the Kore.ai simulator on 127.0.0.1, the owner account, a credential
 * and a workflow made through the REST API. One page goes through the steps in order: the workflow
 * on the canvas, the node's parameter panel and its four operations, the credential select, the
 * credential dialog's test against the simulator (success, then failure with a wrong secret), and a
 * run from the editor with the node's output in the logs panel.
 *
 * The panel is drawn in the browser from the node's description: a renamed operation, a lost
 * option, a field that is no longer a password or a broken outputs expression fails a step here.
 *
 * A screenshot of each step goes to test-output/screenshots/n8n-<step>.png. With KORE_UPDATE_DOCS=1
 * the README's two pictures are refreshed: docs/n8n-node-panel.png and docs/n8n-editor-workflow.png.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, SCREENSHOTS } from '../src/browser';
import {
  animationsDone, BOT_ID, byTestId, canvasNode, closeSelectList, CREDENTIAL_NAME, credentialTest, FAILED_NODE, FINISHED_NODE, KORE_NODE, openNodePanel, openSelectList,
  openWorkflowList, optionsOf, parameterLabels, publishToDocs, screenshot, signIn, startN8nEditor, TRIGGER_NODE, waitForCanvas, WORKFLOW_ID, WORKFLOW_NAME, WRONG_SECRET,
  type N8nEditor,
} from '../src/n8n-editor';

/** Each step, page load and n8n's answers included, must end well within a minute. */
const STEP_TIMEOUT = 60_000;

let editor: N8nEditor;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let page: Page;
let workflowCard: Locator;
let failed = false;
const timings: string[] = [];
const pageErrors: string[] = [];

async function timed(label: string, fn: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await fn();
  } catch (error) {
    failed = true;
    await screenshot(page, `n8n-FAILED-${label.replace(/\W+/g, '-')}`).catch(() => undefined);
    throw error;
  } finally {
    timings.push(`${label.padEnd(28)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function shot(name: string): Promise<string> {
  return screenshot(page, `n8n-${name}`);
}

beforeAll(async () => {
  // Only this run's pictures (and failures) in test-output/screenshots/n8n-*.png.
  if (existsSync(SCREENSHOTS)) for (const f of readdirSync(SCREENSHOTS)) if (/^n8n-.*\.png$/.test(f)) rmSync(path.join(SCREENSHOTS, f));
  editor = await startN8nEditor();
  try {
    browser = await launchChromium();
    await signIn(browser.context, editor);
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const started = Date.now();
    workflowCard = await openWorkflowList(page, editor.url, WORKFLOW_NAME);
    editor.steps.push(`${'first editor load (workflow list)'.padEnd(44)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    if (page) await screenshot(page, 'n8n-FAILED-set-up').catch(() => undefined);
    throw error;
  }
}, 20 * 60_000); // the first run on a machine installs the n8n host (several minutes)

afterAll(async () => {
  await browser?.close();
  await editor?.close(failed || process.env.KORE_N8N_E2E_KEEP === '1');
  process.stderr.write(
    ['', '[n8n-editor] set-up:', ...(editor?.steps ?? []).map((s) => `  ${s}`), '[n8n-editor] steps:', ...timings.map((t) => `  ${t}`),
      failed && editor ? `  (user folder kept: ${editor.folder.path})` : '', ''].join('\n'),
  );
}, 60_000);

describe('n8n 2.40 editor with the Kore.ai ML Training node', () => {
  let ndv: Locator;

  it('opens the workflow from the list: the Kore.ai node on the canvas, its subtitle and its two outputs', () => timed('open workflow', async () => {
    await shot('00-workflow-list');
    await workflowCard.click();
    await page.waitForURL(new RegExp(`/workflow/${WORKFLOW_ID}`));
    await waitForCanvas(page, [TRIGGER_NODE, KORE_NODE, FINISHED_NODE, FAILED_NODE]);
    await expect(byTestId(page, 'workflow-name-input').innerText()).resolves.toContain(WORKFLOW_NAME);
    const node = canvasNode(page, KORE_NODE);
    // The subtitle expression and the outputs expression of the description, evaluated by the editor.
    await node.getByText('Train and Wait', { exact: true }).waitFor();
    const outputs = await node.locator('[data-test-id="canvas-node-output-handle"]').allInnerTexts();
    expect(outputs.map((o) => o.trim())).toEqual(['Finished', 'Failed']);
    // The node's icon comes from the installed package.
    await expect(node.locator('img').first().getAttribute('src')).resolves.toMatch(/\/icons\/@kore-train\/n8n-nodes-kore-train\/.*koreai\.svg$/);
    await shot('01-workflow');
  }), STEP_TIMEOUT);

  it('opens the node panel: its fields, with no parameter issue', () => timed('node panel', async () => {
    ndv = await openNodePanel(page, KORE_NODE);
    const params = byTestId(ndv, 'node-parameters');
    // The Options collection renders after the panel: on a busy machine, a moment later than the main fields.
    for (const label of ['Poll Interval (Seconds)', 'Max Poll Interval (Seconds)', 'Timeout (Minutes)', 'On Failed Training']) {
      await params.locator('[data-test-id="input-label"] label', { hasText: label }).first().waitFor();
    }
    const labels = await parameterLabels(params);
    expect(labels).toEqual(expect.arrayContaining(['Credential', 'Operation', 'Bot ID', 'Language', 'State', 'Options']));
    expect(labels.indexOf('Operation')).toBeLessThan(labels.indexOf('Bot ID'));
    expect(labels).toEqual(expect.arrayContaining(['Poll Interval (Seconds)', 'Max Poll Interval (Seconds)', 'Timeout (Minutes)', 'On Failed Training']));
    await expect(byTestId(params, 'parameter-input-botId').locator('input').inputValue()).resolves.toBe(BOT_ID);
    await expect(byTestId(params, 'parameter-input-operation').locator('input').inputValue()).resolves.toBe('Train and Wait');
    await expect(byTestId(params, 'parameter-input-state').locator('input').inputValue()).resolves.toBe('Configured (In Development)');
    await expect(byTestId(params, 'parameter-input-onFailed').locator('input').inputValue()).resolves.toBe('Send to "Failed" Output');
    // A field that n8n finds invalid shows an issues icon next to it.
    expect(await params.locator('[data-test-id$="-parameter-input-issues-container"]:visible').count()).toBe(0);
    await shot('02-node-panel');
  }), STEP_TIMEOUT);

  it('lists the four operations: Get Status, Start Training, Train and Wait, Wait for Training', () => timed('operations', async () => {
    const options = await optionsOf(page, 'operation');
    expect(options.map((o) => o.name)).toEqual(['Get Status', 'Start Training', 'Train and Wait', 'Wait for Training']);
    for (const option of options) expect(option.description).toMatch(/ML training/);
    // The README's picture of the panel: its fields, with the operations list open.
    publishToDocs(await shot('03-operations'), 'n8n-node-panel.png');
    await closeSelectList(page);
  }), STEP_TIMEOUT);

  it('offers the credential in the credential select, and keeps it chosen', () => timed('credential select', async () => {
    const select = byTestId(ndv, 'node-credentials-select');
    await select.click();
    const item = openSelectList(page).locator(`[data-test-id="node-credentials-select-item-${editor.credentialId}"]`);
    await item.waitFor({ state: 'visible' });
    await expect(item.innerText()).resolves.toMatch(new RegExp(`${CREDENTIAL_NAME.replace(/[().]/g, '\\$&')}[\\s\\S]*Kore\\.ai API`));
    await shot('04-credential-select');
    await item.click();
    await openSelectList(page).waitFor({ state: 'hidden' });
    await expect(select.locator('input').inputValue()).resolves.toBe(CREDENTIAL_NAME);
  }), STEP_TIMEOUT);

  it("tests the credential from its dialog: success against the simulator", () => timed('credential test OK', async () => {
    await byTestId(ndv, 'credential-edit-button').click();
    const modal = byTestId(page, 'editCredential-modal');
    await modal.waitFor({ state: 'visible' });
    await expect(byTestId(modal, 'credential-name').innerText()).resolves.toContain(CREDENTIAL_NAME);
    const fields = await modal.locator('[data-test-id="credential-connection-parameter"]').allInnerTexts();
    const names = fields.map((f) => f.split('\n')[0]!.replace(/\s*\*\s*$/, '').trim());
    expect(names).toEqual(['Host', 'Custom URL', 'Client ID', 'Algorithm', 'Client Secret', 'Unique JTI per Request', 'Extra JWT Claims']);
    // The secret is a password field, never shown.
    await expect(byTestId(modal, 'parameter-input-clientSecret').locator('input').getAttribute('type')).resolves.toBe('password');
    // n8n tests a saved credential when its dialog opens; the banner's button ("Retry") tests it again.
    const success = byTestId(modal, 'credentials-config-container-test-success');
    await success.waitFor({ state: 'visible' });
    await animationsDone(modal);
    const before = editor.sim.requests.length;
    const answer = await credentialTest(page, success.getByRole('button', { name: 'Retry' }));
    expect(answer).toMatchObject({ status: 'OK', message: expect.stringMatching(/accepted/) });
    await success.getByText('Connection tested successfully').waitFor();
    // The test reached the simulator with a token it accepted.
    expect(editor.sim.requests.slice(before).some((r) => r.authOk)).toBe(true);
    await shot('05-credential-test-ok');
  }), STEP_TIMEOUT);

  it('tests the credential with a wrong secret: failure, the reason shown, the secret not', () => timed('credential test wrong', async () => {
    const modal = byTestId(page, 'editCredential-modal');
    await byTestId(modal, 'parameter-input-clientSecret').locator('input').fill(WRONG_SECRET);
    const answer = await credentialTest(page, byTestId(modal, 'credentials-config-container-test-success').getByRole('button', { name: 'Retry' }));
    expect(answer).toMatchObject({ status: 'Error', message: expect.stringMatching(/Kore\.ai rejected the JWT/) });
    const config = byTestId(modal, 'node-credentials-config-container');
    await config.getByText('Couldn’t connect with these settings').waitFor();
    await config.getByText('More details').click();
    await config.getByText(/Kore\.ai rejected the JWT: check the client id, client secret/).waitFor();
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(WRONG_SECRET);
    expect(text).not.toContain(editor.sim.clientSecret);
    await shot('06-credential-test-wrong-secret');
    // Close without saving: the stored credential keeps the good secret.
    await modal.locator('button[aria-label="Close"], .el-dialog__headerbtn').first().click();
    const confirm = page.locator('.el-message-box');
    await confirm.getByText('Close without saving?').waitFor();
    await confirm.locator('button.btn--cancel').click();
    await modal.waitFor({ state: 'hidden' });
  }), STEP_TIMEOUT);

  it('runs the workflow from the editor: Finished goes to "Publish the bot", the output shows trainingStatus Finished', () => timed('execute workflow', async () => {
    await byTestId(ndv, 'ndv-close-button').click();
    await ndv.waitFor({ state: 'hidden' });
    const run = page.waitForResponse((r) => r.url().endsWith(`/rest/workflows/${WORKFLOW_ID}/run`) && r.request().method() === 'POST');
    await byTestId(page, 'execute-workflow-button').click();
    expect((await run).status()).toBe(200);
    await canvasNode(page, FINISHED_NODE).locator('[data-test-id="canvas-node-status-success"]').waitFor({ state: 'visible', timeout: 45_000 });
    await canvasNode(page, KORE_NODE).locator('[data-test-id="canvas-node-status-success"]').waitFor({ state: 'visible' });
    expect(await canvasNode(page, FAILED_NODE).locator('[data-test-id^="canvas-node-status"]').count()).toBe(0);
    // n8n's toast; closed, so that the picture does not depend on when it fades.
    const toast = page.locator('.el-notification', { hasText: 'Workflow executed successfully' });
    await toast.waitFor({ state: 'visible' });
    await toast.locator('.el-notification__closeBtn').click();
    await toast.waitFor({ state: 'detached' });

    // The logs panel, with the Kore.ai node's output as a table.
    await byTestId(page, 'logs-overview-header').click();
    const entry = byTestId(page, 'logs-overview-body').getByRole('treeitem').filter({ hasText: KORE_NODE });
    await entry.waitFor({ state: 'visible' });
    if ((await entry.getAttribute('aria-selected')) !== 'true') await entry.click();
    const output = byTestId(page, 'log-details-output');
    await output.waitFor({ state: 'visible' });
    await byTestId(output, 'radio-button-table').click();
    await expect(byTestId(output, 'tab-0').innerText()).resolves.toMatch(/Finished Branch \(1 item\)/);
    const table = output.locator('table').first();
    await table.waitFor({ state: 'visible' });
    const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
    const cells = (await table.locator('tbody tr').first().locator(':scope > td').allInnerTexts()).map((c) => c.trim());
    const row = Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
    expect(row).toMatchObject({ botId: BOT_ID, outcome: 'finished', trainingStatus: 'Finished' });
    expect(editor.sim.requests.filter((r) => r.botId === BOT_ID && r.method === 'POST')).toHaveLength(1);
    await page.waitForLoadState('networkidle');
    publishToDocs(await shot('07-workflow-executed'), 'n8n-editor-workflow.png');
  }), STEP_TIMEOUT);

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
