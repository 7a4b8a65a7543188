import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { connectNodes, createFlow, dropNodeType, selectNode } from './support/canvas';
import { startFeedServer } from './support/feed-server';
import { startStudio, type StudioServer } from './support/studio-server';

const FEED_FEATURES = 1707;

let studio: StudioServer;
let feed: Awaited<ReturnType<typeof startFeedServer>>;

test.beforeEach(async () => {
  studio = await startStudio();
  feed = await startFeedServer();
});

test.afterEach(async () => {
  await studio.dispose();
  await feed.close();
});

test('palette to deployed flow → CSV holds every earthquake', async ({ page }) => {
  await page.goto(studio.url);
  await createFlow(page, 'Quakes to CSV');

  await dropNodeType(page, 'http-inlet', { x: 120, y: 160 });
  await dropNodeType(page, 'link', { x: 420, y: 160 });
  await dropNodeType(page, 'csv-outlet', { x: 720, y: 160 });
  await expect(page.locator('.react-flow__node')).toHaveCount(3);

  await connectNodes(page, 'in1', 'l1');
  await connectNodes(page, 'l1', 'out1');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await selectNode(page, 'in1');
  await page.getByTestId('field-url').fill(feed.url);
  await page.getByTestId('field-recordsPath').fill('features');

  await selectNode(page, 'l1');
  await page.getByTestId('field-interval').fill('1');
  await page.getByTestId('field-interval.unit').selectOption('seconds');
  await page.getByTestId('field-tags-add').click();
  await page.getByTestId('field-tags.0').fill('quakes');

  await selectNode(page, 'out1');
  await page.getByTestId('field-path').fill('quakes.csv');

  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);

  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Deployed');

  const finished = page.getByTestId('log-line').filter({ hasText: /Transfer quakes\.\d+ finished/ });
  await expect(finished.first()).toBeVisible();
  await expect(page.getByTestId('node-status-l1')).toContainText(/ok/i);
  await page.screenshot({ path: 'docs/screenshots/studio.png' });

  await page.getByTestId('toolbar-stop').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');

  const rows: Record<string, string>[] = parse(await readFile(join(studio.filesRoot, 'quakes.csv'), 'utf8'), {
    columns: true,
  });
  expect(rows.length).toBeGreaterThanOrEqual(FEED_FEATURES);
  expect(rows.length % FEED_FEATURES).toBe(0);
  expect(new Set(rows.map((row) => row.id)).size).toBe(FEED_FEATURES);

  const feedJson = JSON.parse(await readFile(new URL('../examples/data/usgs-earthquakes-week.geojson', import.meta.url), 'utf8'));
  const first = feedJson.features[0];
  const firstRow = rows.find((row) => row.id === first.id)!;
  expect(firstRow['properties.mag']).toBe(String(first.properties.mag));
  expect(firstRow['properties.place']).toBe(first.properties.place);
  expect(JSON.parse(firstRow['geometry.coordinates'])).toEqual(first.geometry.coordinates);
});

test('empty URL on deploy → error on the inlet node', async ({ page }) => {
  await page.goto(studio.url);
  await createFlow(page, 'Missing URL');

  await dropNodeType(page, 'http-inlet', { x: 120, y: 160 });
  await dropNodeType(page, 'link', { x: 420, y: 160 });
  await dropNodeType(page, 'null-outlet', { x: 720, y: 160 });
  await connectNodes(page, 'in1', 'l1');
  await connectNodes(page, 'l1', 'out1');

  await page.getByTestId('toolbar-deploy').click();

  const nodeErrors = page.getByTestId('node-error-in1');
  await expect(nodeErrors).toBeVisible();
  await expect(nodeErrors).toContainText('Missing required option "url"');
  await expect(page.getByTestId('node-error-l1')).toHaveCount(0);
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');

  await selectNode(page, 'in1');
  await expect(page.getByTestId('field-error-url').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/deploy-error.png' });
});
