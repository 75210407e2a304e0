/**
 * The Node-RED editor as a user drives it, for the browser tests: a real Node-RED process with
 * `@kore-train/node-red-kore-train` installed from its tarball (tools/node-red-e2e/src/harness.ts),
 * and small page helpers over the editor's own DOM (ids and classes of Node-RED 4.1 and 5.0).
 *
 * Nothing waits a fixed time: every helper waits for a selector, a network answer or a log line.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { freePort } from '@kore-train/testkit';
import { createUserDir, node24, NodeRedProcess, redJs } from '../../node-red-e2e/src/harness';
import { SCREENSHOTS } from './browser';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
/** Where the README's pictures live. */
export const DOCS = path.join(WORKSPACE_ROOT, 'docs');

export interface NodeRedRuntime {
  /** e.g. "Node-RED 4.1 on Node 20" */
  name: string;
  /** Short, for file names: "node-red-4". */
  tag: string;
  /** The Node.js binary to run it with. */
  node: () => string;
  /** The npm alias of the Node-RED version in the workspace (nr4, nr5). */
  alias: 'nr4' | 'nr5';
  version: RegExp;
}

export const NODE_RED_RUNTIMES: NodeRedRuntime[] = [
  { name: 'Node-RED 4.1 on Node 20', tag: 'node-red-4', node: () => process.execPath, alias: 'nr4', version: /^v4\.1\./ },
  // Node-RED 5 wants Node >= 22.9: a Node 24 binary installed once by tools/node-red-e2e/node24.mjs.
  { name: 'Node-RED 5.0 on Node 24', tag: 'node-red-5', node: node24, alias: 'nr5', version: /^v5\.0\./ },
];

/** A fresh userDir with the tarballs installed by npm, and Node-RED started on a free port of 127.0.0.1. */
export async function startNodeRed(runtime: NodeRedRuntime, tarballs: string[]): Promise<{ nr: NodeRedProcess; userDir: string }> {
  const userDir = await createUserDir(tarballs, `browser-${runtime.tag}`);
  try {
    const nr = await NodeRedProcess.start({
      node: runtime.node(),
      redJs: redJs(runtime.alias),
      userDir,
      port: await freePort(),
      credentialSecret: 'browser-e2e-credential-secret-0123456789',
    });
    return { nr, userDir };
  } catch (error) {
    rmSync(userDir, { recursive: true, force: true });
    throw error;
  }
}

/** A PNG of the page (or of a part of it) in test-output/screenshots; returns its path. */
export async function screenshot(page: Page, name: string, options: { locator?: Locator; clip?: { x: number; y: number; width: number; height: number } } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (options.locator) await options.locator.screenshot({ path: file, animations: 'disabled' });
  else await page.screenshot({ path: file, animations: 'disabled', ...(options.clip ? { clip: options.clip } : {}) });
  return file;
}

/** Copies a screenshot to docs/ when KORE_UPDATE_DOCS=1 (how the README's pictures are refreshed). */
export function publishToDocs(file: string, docsName: string): void {
  if (process.env['KORE_UPDATE_DOCS'] !== '1') return;
  copyFileSync(file, path.join(DOCS, docsName));
}

/** Opens the editor and waits until the palette has our node and the workspace is drawn. */
export async function openEditor(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`, { waitUntil: 'networkidle' });
  await page.locator('#red-ui-palette [data-palette-type="kore-train"]').waitFor({ state: 'visible' });
  await page.locator('#red-ui-workspace-chart svg').first().waitFor({ state: 'attached' });
  await page.waitForLoadState('networkidle');
}

/** Closes the notification bubbles (they cover the top of the page), waiting until they are gone. */
export async function dismissNotifications(page: Page): Promise<void> {
  const notes = page.locator('.red-ui-notification');
  for (let i = await notes.count(); i > 0; i--) {
    const note = notes.first();
    await note.click({ timeout: 2_000 }).catch(() => undefined); // a click closes a notification; it may already be fading out
    await note.waitFor({ state: 'detached' }).catch(() => undefined);
  }
  await notes.first().waitFor({ state: 'detached' });
}

/** Waits for a notification with this text, returns its text, then closes it. */
export async function notification(page: Page, text: string | RegExp): Promise<string> {
  const note = page.locator('.red-ui-notification', { hasText: text }).last();
  await note.waitFor({ state: 'visible' });
  const content = (await note.textContent()) ?? '';
  await note.click().catch(() => undefined);
  await note.waitFor({ state: 'detached' });
  return content;
}

/** A node drawn in the workspace, by id. */
export function flowNode(page: Page, id: string): Locator {
  return page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"]`);
}

/** Clicks an empty spot of the workspace, which unselects every node, and waits until none is selected. */
export async function clearSelection(page: Page): Promise<void> {
  const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
  if (!chart) throw new Error('no workspace');
  // Bottom left: clear of the flows placed at the top, and of Node-RED 5's sidebar over the right of the workspace.
  await page.mouse.click(chart.x + 40, chart.y + chart.height - 120);
  await page.locator('#red-ui-workspace-chart g.red-ui-flow-node-selected').first().waitFor({ state: 'detached' });
}

/**
 * Shows a sidebar tab (info, help, debug, config): Node-RED 4 has a button per tab at the top of the
 * sidebar, Node-RED 5 toggle buttons at its bottom (a click on a shown tab would hide it).
 */
export async function showSidebarTab(page: Page, id: 'info' | 'help' | 'debug' | 'config'): Promise<void> {
  const nr4 = page.locator(`#red-ui-tab-${id}-link-button`);
  const nr5 = page.locator(`button[data-tab-id="${id}"]`);
  if ((await nr4.count()) > 0) await nr4.click();
  else if (!/\bselected\b/.test((await nr5.getAttribute('class')) ?? '')) await nr5.click();
  // Off the button, or its tooltip opens over the top of the sidebar (e.g. on the help search box).
  await page.mouse.move(1, 1);
  await page.locator('.red-ui-popover-tooltip').first().waitFor({ state: 'hidden' });
}

/** The body (the rectangle a user clicks) of a node in the workspace. */
export function flowNodeBody(page: Page, id: string): Locator {
  return flowNode(page, id).locator('rect.red-ui-flow-node').first();
}

/** The visible text input of a typedInput field (`#node-input-<field>`), and its type button. */
export function typedInput(page: Page, field: string): { container: Locator; input: Locator; type: Locator; option: Locator } {
  const container = page.locator(`#node-input-${field} + .red-ui-typedInput-container`);
  return {
    container,
    input: container.locator('input.red-ui-typedInput-input'),
    type: container.locator('button.red-ui-typedInput-type-select'),
    option: container.locator('button.red-ui-typedInput-option-trigger'),
  };
}

/** Picks a type in a typedInput's menu, as a user does: open the menu, click the entry. */
export async function chooseTypedInputType(page: Page, field: string, type: string): Promise<void> {
  await typedInput(page, field).type.click();
  const menu = page.locator('.red-ui-typedInput-options:visible');
  await menu.locator(`a[value="${type}"]`).click();
  await menu.waitFor({ state: 'hidden' });
}

/**
 * Opens the edit dialog of a node whose config-node field is `field`, then that config node's dialog, and returns
 * the config dialog's tray. Node-RED ignores the field's edit button while it is still building the node's dialog
 * (`buildingEditDialog`), so the click waits until that tray has finished opening: slid in to `right: 0`, which
 * Node-RED does only once the dialog is built. A click before then is lost on a busy machine.
 */
export async function openConfigDialog(page: Page, nodeBody: Locator, field: string): Promise<Locator> {
  await nodeBody.dblclick();
  await page.waitForFunction(
    "(() => { const trays = document.querySelectorAll('.red-ui-tray'); const top = trays[trays.length - 1]; return top !== undefined && getComputedStyle(top).right === '0px'; })()",
  );
  await page.locator(`#node-input-btn-${field}-edit`).click();
  const tray = page.locator('.red-ui-tray').last();
  await tray.locator('.red-ui-tray-breadcrumbs li').nth(1).waitFor({ state: 'visible' });
  return tray;
}

/** Types into a field, replacing its value, with key events (Node-RED validates on keyup and change). */
export async function retype(locator: Locator, text: string): Promise<void> {
  await locator.click();
  await locator.press('ControlOrMeta+a');
  if (text === '') await locator.press('Backspace');
  else await locator.pressSequentially(text);
  await locator.dispatchEvent('change');
}

/**
 * Presses a button of the edit tray on top (Done/Cancel of a node, Update/Cancel of a config node) and
 * waits until that tray is gone. (A nested tray detaches the one below it, so counting trays says nothing.)
 */
export async function closeTray(page: Page, button: '#node-dialog-ok' | '#node-config-dialog-ok' | '#node-dialog-cancel' | '#node-config-dialog-cancel'): Promise<void> {
  const tray = await page.locator('.red-ui-tray', { has: page.locator(button) }).elementHandle();
  await page.locator(button).click();
  await tray?.waitForElementState('hidden');
  await tray?.dispose();
}

/** After a failed step: cancels every open edit tray and closes dialogs, so the next step starts from the workspace. */
export async function closeEverything(page: Page): Promise<void> {
  for (let i = 0; i < 5 && (await page.locator('.red-ui-tray').count()) > 0; i++) {
    const cancel = page.locator('#node-config-dialog-cancel:visible, #node-dialog-cancel:visible').first();
    if ((await cancel.count()) === 0) break;
    await cancel.click({ timeout: 5_000 }).catch(() => undefined);
    await page.locator('.red-ui-tray').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  }
  await page.keyboard.press('Escape').catch(() => undefined);
}

/** Whether the node shows Node-RED's red "invalid" triangle. */
export async function hasErrorTriangle(page: Page, id: string): Promise<boolean> {
  const triangle = flowNode(page, id).locator('g.red-ui-flow-node-error');
  return (await triangle.count()) === 1 && !/\bhide\b/.test((await triangle.getAttribute('class')) ?? '');
}

/** Waits until the node's red triangle is shown (true) or hidden (false). */
export async function waitForErrorTriangle(page: Page, id: string, shown: boolean): Promise<void> {
  const selector = `#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"] g.red-ui-flow-node-error${shown ? ':not(.hide)' : '.hide'}`;
  await page.locator(selector).waitFor({ state: 'attached' });
}

/** The node's status in the workspace: the dot/ring shape and colour (from its class) and the label. */
export async function nodeStatus(page: Page, id: string): Promise<{ shape: string; text: string }> {
  const group = flowNode(page, id).locator('g.red-ui-flow-node-status-group');
  const rect = group.locator('rect.red-ui-flow-node-status');
  const cls = (await rect.getAttribute('class')) ?? '';
  const shape = /red-ui-flow-node-status-(dot|ring)-(\w+)/.exec(cls);
  return { shape: shape ? `${shape[1]}-${shape[2]}` : '', text: (await group.locator('text.red-ui-flow-node-status-label').textContent()) ?? '' };
}

/** Waits for a status shape ("dot-green", "ring-blue"…) on the node, with its label matching `text`. */
export async function waitForNodeStatus(page: Page, id: string, shape: string, text: RegExp, timeoutMs = 20_000): Promise<{ shape: string; text: string }> {
  const group = `#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"] g.red-ui-flow-node-status-group`;
  await page.locator(`${group} rect.red-ui-flow-node-status-${shape}`).waitFor({ state: 'attached', timeout: timeoutMs });
  await page.locator(`${group} text.red-ui-flow-node-status-label`, { hasText: text }).waitFor({ state: 'attached', timeout: timeoutMs });
  return nodeStatus(page, id);
}

/**
 * Imports one of the package's example flows through Menu > Import > Examples into the current flow, and
 * drops it with its top left corner at `at` (pixels from the workspace's corner); returns the "Imported" notification's text.
 */
export async function importExample(page: Page, moduleName: string, example: string, at: { x: number; y: number }): Promise<string> {
  // The editor places an import at the last pointer position it saw on the workspace: its top left corner first.
  const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
  if (!chart) throw new Error('no workspace');
  await page.mouse.move(chart.x + 1, chart.y + 1);
  await page.locator('#red-ui-header-button-sidemenu').click();
  await page.locator('#menu-item-import').click();
  await page.locator('#red-ui-tab-red-ui-clipboard-dialog-import-tab-examples a').click();
  const examples = page.locator('#red-ui-clipboard-dialog-import-tab-examples');
  await examples.locator('.red-ui-treeList-label-text', { hasText: moduleName }).click();
  await examples.locator('.red-ui-treeList-label-text', { hasText: new RegExp(`^${example}$`) }).click();
  await page.locator('#red-ui-clipboard-dialog-ok').click();
  await page.locator('#red-ui-clipboard-dialog').waitFor({ state: 'hidden' });
  // The flow is fetched, then imported: its notification says it is in (and attached to the pointer).
  const imported = page.locator('.red-ui-notification', { hasText: /Imported/ }).last();
  await imported.waitFor({ state: 'visible' });
  const text = (await imported.textContent()) ?? '';
  // The imported nodes now follow the pointer, their top left corner under it, until a click drops them.
  await page.mouse.move(chart.x + at.x, chart.y + at.y);
  await page.mouse.click(chart.x + at.x, chart.y + at.y);
  await imported.click().catch(() => undefined); // closes it
  await imported.waitFor({ state: 'detached' });
  return text;
}

/** What the Kore.ai app dialog's *Test connection* showed: its progress text, then its answer. */
export interface ConnectionTestShown {
  /** The text while the check ran. */
  progress: string;
  /** Whether the button was disabled while the check ran. */
  disabledWhileTesting: boolean;
  /** `ok` or `failed`. */
  state: string;
  text: string;
}

/**
 * Clicks *Test connection* in the config dialog on top and returns what it showed. The request is held
 * until the progress state is seen, so that state is checked without racing the answer.
 */
export async function testConnectionInDialog(page: Page): Promise<ConnectionTestShown> {
  const tray = page.locator('.red-ui-tray').last();
  const button = tray.locator('#node-config-test-connection');
  const result = tray.locator('#node-config-test-connection-result');
  const endpoint = '**/kore-ai-app/test-connection';
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(endpoint, async (route) => {
    await held;
    await route.continue();
  });
  try {
    const answered = page.waitForResponse((response) => response.url().endsWith('/kore-ai-app/test-connection'));
    await button.click();
    await tray.locator('#node-config-test-connection-result[data-state="testing"]').waitFor({ state: 'visible' });
    const progress = (await result.textContent())?.trim() ?? '';
    const disabledWhileTesting = await button.isDisabled();
    release();
    await answered;
    // The button is enabled again once the answer has been shown.
    await tray.locator('#node-config-test-connection:not([disabled])').waitFor();
    return { progress, disabledWhileTesting, state: (await result.getAttribute('data-state')) ?? '', text: (await result.textContent())?.trim() ?? '' };
  } finally {
    release();
    await page.unroute(endpoint);
  }
}
