import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { selectNode } from './support/canvas';
import { formatCount } from './support/format-count';
import { startStudio, type StudioServer } from './support/studio-server';

// Node ids of the example flow "Seattle weather to JSONL" (examples/flows/seattle-weather-jsonl.json).
const INLET_ID = 'weather';
const LINK_ID = 'every-10s';
const OUTPUT_FILE = 'seattle-weather.jsonl';

let studio: StudioServer;

test.beforeEach(async () => {
  studio = await startStudio();
});

test.afterEach(async () => {
  await studio.dispose();
});

test('stream batches on a link → marker and every row written', async ({ page }) => {
  const csv = await readFile(new URL('../examples/data/seattle-weather.csv', import.meta.url), 'utf8');
  const rows = parse(csv, { columns: true }) as Record<string, string>[];

  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${LINK_ID}`)).toBeVisible();

  await selectNode(page, INLET_ID);
  await page.getByTestId('field-batchSize').fill('100');
  await selectNode(page, LINK_ID);
  const streamBatches = page.getByTestId('field-streamBatches');
  await streamBatches.scrollIntoViewIfNeeded();
  await streamBatches.check();
  await expect(page.getByTestId(`link-streams-${LINK_ID}`)).toHaveText('streams batches');
  await page.screenshot({ path: 'test-results/stream-batches-link.png' });

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Deployed');

  const outputPath = join(studio.filesRoot, OUTPUT_FILE);
  const readRows = async () =>
    (await readFile(outputPath, 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, string>);
  await expect.poll(async () => (await readRows()).length, { timeout: 20_000 }).toBe(rows.length);
  expect(await readRows()).toEqual(rows);

  const history = page.getByTestId('history-panel').getByTestId('history-row').last();
  await expect(history.getByTestId('history-records')).toHaveText(`${formatCount(rows.length)} → ${formatCount(rows.length)}`);
});
