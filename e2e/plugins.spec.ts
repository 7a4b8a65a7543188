import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { connectNodes, createFlow, dropNodeType, selectNode } from './support/canvas';
import { GREETING_LOG_TEXT, GREETING_TYPE, greetingPlugin } from './support/greeting-plugin';
import { startStudio, type StudioServer } from './support/studio-server';

const SECRET = 'sekrit-token-42';

let studio: StudioServer;
let pluginsDir: string;

test.beforeEach(async () => {
  studio = await startStudio();
  pluginsDir = join(studio.dataDir, 'plugins');
  await mkdir(pluginsDir, { recursive: true });
});

test.afterEach(async () => {
  await studio.dispose();
});

/** Clicks the palette's reload button, waits for the toast that reports the result and dismisses it. */
async function reloadNodeTypes(page: Page): Promise<void> {
  await page.getByTestId('palette-reload').click();
  const toast = page.getByTestId('toast').filter({ hasText: 'Reloaded node types' }).last();
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Dismiss' }).click();
}

/** Reads the JSON lines the file outlet wrote so far; an absent file has none. */
async function readJsonLines(file: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('plugin file → palette, inspector, deploy, records, log and stale marker', async ({ page }) => {
  await page.goto(studio.url);
  await createFlow(page, 'Greetings');
  await expect(page.getByTestId(`palette-item-${GREETING_TYPE}`)).toHaveCount(0);

  const pluginFile = join(pluginsDir, 'greeting.ts');
  await writeFile(pluginFile, greetingPlugin(1));
  await reloadNodeTypes(page);

  const paletteItem = page.getByTestId(`palette-item-${GREETING_TYPE}`);
  await expect(paletteItem).toContainText('Greeting v1');
  await expect(paletteItem).toContainText('👋');
  await expect(page.locator('.palette__category', { has: paletteItem }).locator('h3')).toHaveText('Acme');

  await dropNodeType(page, GREETING_TYPE, { x: 120, y: 160 });
  await dropNodeType(page, 'link', { x: 420, y: 160 });
  await dropNodeType(page, 'file-outlet', { x: 720, y: 160 });
  await expect(page.locator('.react-flow__node')).toHaveCount(3);
  await connectNodes(page, 'in1', 'l1');
  await connectNodes(page, 'l1', 'out1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await selectNode(page, 'in1');
  const inspector = page.getByTestId('inspector');
  await expect(page.getByTestId('field-greeting')).toHaveAttribute('type', 'text');
  await expect(page.getByTestId('field-greeting')).toHaveValue('Hello');
  await expect(inspector).toContainText('Word that starts every greeting.');
  await expect(page.getByTestId('field-count')).toHaveValue('1');
  await expect(page.getByTestId('field-shout')).toHaveAttribute('type', 'checkbox');
  await expect(page.getByTestId('field-shout')).not.toBeChecked();
  await expect(page.getByTestId('field-mood').locator('option')).toHaveText(['calm', 'cheerful', 'grumpy']);
  await expect(page.getByTestId('field-names.0')).toHaveValue('Ada');
  await expect(page.getByTestId('field-target.host')).toHaveValue('localhost');
  await expect(page.getByTestId('field-target.port')).toHaveValue('8080');
  await expect(inspector).toContainText('Where the greetings are meant to go.');
  await expect(page.getByTestId('field-apiKey')).toHaveAttribute('type', 'password');

  await page.getByTestId('field-count').fill('9');
  await expect(page.getByTestId('field-error-count')).toHaveText('Must be at most 5.');
  await inspector.screenshot({ path: 'test-results/plugin-inspector-bounds.png' });
  await page.getByTestId('field-count').fill('0');
  await expect(page.getByTestId('field-error-count')).toHaveText('Must be at least 1.');
  await page.getByTestId('field-count').fill('2');
  await expect(page.getByTestId('field-error-count')).toHaveCount(0);

  await page.getByTestId('field-greeting').fill('Hi');
  await page.getByTestId('field-shout').check();
  await page.getByTestId('field-mood').selectOption({ label: 'cheerful' });
  await page.getByTestId('field-names-add').click();
  await expect(page.getByTestId('field-error-names.1')).toHaveText('Must not be empty.');
  await page.getByTestId('field-names.1').fill('Grace');
  await expect(page.getByTestId('field-error-names.1')).toHaveCount(0);
  await page.getByTestId('field-target.port').fill('9090');
  await page.getByTestId('field-apiKey').fill(SECRET);
  await expect(page.getByTestId('field-apiKey')).toHaveAttribute('type', 'password');
  await page.getByTestId('field-apiKey-reveal').click();
  await expect(page.getByTestId('field-apiKey')).toHaveAttribute('type', 'text');
  await page.getByTestId('field-apiKey-reveal').click();
  await expect(page.getByTestId('field-apiKey')).toHaveAttribute('type', 'password');
  await page.getByTestId('field-apiKey').scrollIntoViewIfNeeded();
  await inspector.screenshot({ path: 'test-results/plugin-inspector.png' });

  await selectNode(page, 'l1');
  await page.getByTestId('field-interval').fill('1');
  await page.getByTestId('field-interval.unit').selectOption('seconds');

  await selectNode(page, 'out1');
  await page.getByTestId('field-path').fill('greetings.jsonl');
  await page.getByTestId('field-format').selectOption('jsonl');

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Deployed');

  const pluginLine = page.getByTestId('log-line').filter({ hasText: GREETING_LOG_TEXT }).first();
  await expect(pluginLine).toBeVisible();
  await expect(pluginLine).toContainText(`${GREETING_LOG_TEXT} 2 names`);
  await expect(pluginLine.locator('.log-line__node')).toHaveText('in1');
  await expect(page.getByTestId('log-panel')).not.toContainText(SECRET);

  const outputFile = join(studio.filesRoot, 'greetings.jsonl');
  await expect.poll(async () => (await readJsonLines(outputFile)).length).toBeGreaterThanOrEqual(4);
  const records = await readJsonLines(outputFile);
  expect(records.slice(0, 4)).toEqual([
    { text: 'HI, Ada!', mood: 'cheerful', target: 'localhost:9090', keyLength: SECRET.length, version: 1 },
    { text: 'HI, Ada!', mood: 'cheerful', target: 'localhost:9090', keyLength: SECRET.length, version: 1 },
    { text: 'HI, Grace!', mood: 'cheerful', target: 'localhost:9090', keyLength: SECRET.length, version: 1 },
    { text: 'HI, Grace!', mood: 'cheerful', target: 'localhost:9090', keyLength: SECRET.length, version: 1 },
  ]);
  expect(studio.output()).not.toContain(SECRET);
  await expect(page.getByTestId('stale-types')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/plugin-deployed.png' });

  // This reload comes from outside the page, so the marks must arrive through the node-types event.
  await writeFile(pluginFile, greetingPlugin(2));
  const reloaded = await fetch(`${studio.url}/api/node-types/reload`, { method: 'POST' });
  expect(reloaded.status).toBe(200);

  await expect(page.getByTestId('stale-types')).toHaveText(
    `⚠ Node types changed since deploy: ${GREETING_TYPE} — deploy again to use the new code`,
  );
  await expect(page.getByTestId('node-stale-in1')).toBeVisible();
  await expect(page.getByTestId('node-stale-out1')).toHaveCount(0);
  await expect(paletteItem).toContainText('Greeting v2');
  const flowId = new URL(page.url()).searchParams.get('flow');
  await page.getByTestId('flow-menu').click();
  await expect(page.getByTestId(`flow-menu-stale-${flowId}`)).toBeVisible();
  await page.screenshot({ path: 'test-results/plugin-stale.png' });
  await page.getByTestId('flow-menu').click();

  await page.reload();
  await expect(page.getByTestId('stale-types')).toContainText(GREETING_TYPE);
  await expect(page.getByTestId('node-stale-in1')).toBeVisible();

  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('stale-types')).toHaveCount(0);
  await expect(page.getByTestId('node-stale-in1')).toHaveCount(0);
  await expect.poll(async () => (await readJsonLines(outputFile)).some((record) => record.version === 2)).toBe(true);
});

test('broken plugin file → banner names it and other types still work', async ({ page }) => {
  await writeFile(join(pluginsDir, 'greeting.ts'), greetingPlugin(1));
  await writeFile(join(pluginsDir, 'broken.ts'), 'export default ({ defineInlet }: any) => defineInlet({ type: "acme.broken", label: ');

  await page.goto(studio.url);
  await createFlow(page, 'Broken plugin');
  await page.getByTestId('palette-reload').click();

  const banner = page.getByTestId('problems-banner');
  await expect(banner).toContainText(join(pluginsDir, 'broken.ts'));
  await expect(page.getByTestId('toast').filter({ hasText: 'failed to load' }).last()).toContainText('broken.ts');
  await expect(page.getByTestId(`palette-item-${GREETING_TYPE}`)).toContainText('Greeting v1');
  await expect(page.getByTestId('palette-item-random-int-inlet')).toBeVisible();
  await page.screenshot({ path: 'test-results/plugin-broken.png' });

  await dropNodeType(page, GREETING_TYPE, { x: 120, y: 160 });
  await dropNodeType(page, 'link', { x: 420, y: 160 });
  await dropNodeType(page, 'file-outlet', { x: 720, y: 160 });
  await connectNodes(page, 'in1', 'l1');
  await connectNodes(page, 'l1', 'out1');
  await selectNode(page, 'out1');
  await page.getByTestId('field-path').fill('still-works.jsonl');
  await page.getByTestId('field-format').selectOption('jsonl');

  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Deployed');

  const outputFile = join(studio.filesRoot, 'still-works.jsonl');
  await expect.poll(async () => (await readJsonLines(outputFile)).length).toBeGreaterThanOrEqual(1);
  expect((await readJsonLines(outputFile))[0]).toEqual({ text: 'Hello, Ada!', mood: 'calm', target: 'localhost:8080', keyLength: 0, version: 1 });
});
