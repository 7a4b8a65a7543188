import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { selectNode } from './support/canvas';
import { formatCount } from './support/format-count';
import { startStudio, type StudioServer } from './support/studio-server';

// Node ids of the example flow "Seattle weather to JSONL" (examples/flows/seattle-weather-jsonl.json).
const INLET_ID = 'weather';
const LINK_ID = 'every-10s';
const OUTLET_ID = 'jsonl';
const OUTPUT_FILE = 'seattle-weather.jsonl';

const FILTER_EXPRESSION = 'payload.weather = "rain"';
const MAP_EXPRESSION = '{ "date": payload.date, "rain_mm": $number(payload.precipitation) }';

interface RainDay {
  date: string;
  rain_mm: number;
}

let studio: StudioServer;
let csvRows: Record<string, string>[];
let expected: RainDay[];

test.beforeAll(async () => {
  const csv = await readFile(new URL('../examples/data/seattle-weather.csv', import.meta.url), 'utf8');
  csvRows = parse(csv, { columns: true });
  expected = csvRows.filter((row) => row.weather === 'rain').map((row) => ({ date: row.date, rain_mm: Number(row.precipitation) }));
});

test.beforeEach(async () => {
  studio = await startStudio();
});

test.afterEach(async () => {
  await studio.dispose();
});

async function addStep(page: Page, type: string, expression: string): Promise<void> {
  const index = await page.getByTestId('field-processors').locator('.step-list__item').count();
  await page.getByTestId('field-processors-new-type').selectOption(type);
  await page.getByTestId('field-processors-add').click();
  await expect(page.getByTestId(`field-processors.${index}.type`)).toHaveValue(type);
  await page.getByTestId(`field-processors.${index}.config.expression`).fill(expression);
}

async function readJsonLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

test('filter and map on the link → preview and file hold rain days', async ({ page }) => {
  expect(expected.length).toBeGreaterThan(50);
  expect(expected.length).toBeLessThan(csvRows.length);

  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${LINK_ID}`)).toBeVisible();
  const runButton = page.getByTestId('toolbar-run');
  await expect(runButton).toHaveText('Run now');
  await selectNode(page, LINK_ID);
  // The example's link has no label, so the button does not show its node id.
  await expect(runButton).toHaveText('Run selected link now');

  await addStep(page, 'filter', FILTER_EXPRESSION);
  await addStep(page, 'map', MAP_EXPRESSION);

  const chips = page.getByTestId(`node-steps-${LINK_ID}`).getByTestId('step-chip');
  await expect(chips).toHaveCount(2);
  await expect(chips.nth(0)).toContainText('filter');
  await expect(chips.nth(0)).toContainText(FILTER_EXPRESSION);
  await expect(chips.nth(1)).toContainText('map');
  await expect(page.getByTestId(`link-schedule-${LINK_ID}`)).toHaveText('every 10 s');

  // Moving the map up puts its chip first; moving it down again restores the order.
  await page.getByTestId('field-processors.1-up').click();
  await expect(chips.nth(0)).toContainText('map');
  await expect(page.getByTestId('field-processors.0.type')).toHaveValue('map');
  await page.getByTestId('field-processors.0-down').click();
  await expect(chips.nth(0)).toContainText('filter');
  await expect(page.getByTestId('field-processors.1.config.expression')).toHaveValue(MAP_EXPRESSION);
  await page.getByTestId('field-processors').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/processors-steps.png' });

  // The preview runs on the unsaved flow, so the steps apply before any save.
  await expect(page.getByTestId('dirty-mark')).toBeVisible();
  await page.getByTestId('preview-button').click();
  const panel = page.getByTestId('preview-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('preview-summary')).toContainText(`of ${formatCount(expected.length)} records`);

  // The panel is docked below the canvas: it shrinks the canvas, and every node stays reachable.
  await expect(page.getByTestId('preview-dock').getByTestId('preview-panel')).toBeVisible();
  const canvasBox = await page.getByTestId('canvas').boundingBox();
  const panelBox = await panel.boundingBox();
  expect(canvasBox).not.toBeNull();
  expect(panelBox).not.toBeNull();
  expect(panelBox!.y).toBeGreaterThanOrEqual(canvasBox!.y + canvasBox!.height - 1);
  for (const nodeId of [INLET_ID, LINK_ID, OUTLET_ID]) {
    await page.getByTestId(`node-${nodeId}`).click({ trial: true });
  }

  // Collapsed, the panel keeps only its header and gives the canvas the room back.
  await page.getByTestId('preview-collapse').click();
  await expect(panel).toHaveAttribute('data-collapsed', 'true');
  await expect(page.getByTestId('preview-table')).toBeHidden();
  const collapsedCanvasBox = await page.getByTestId('canvas').boundingBox();
  expect(collapsedCanvasBox!.height).toBeGreaterThan(canvasBox!.height);
  await page.getByTestId('preview-collapse').click();
  await expect(panel).toHaveAttribute('data-collapsed', 'false');

  const table = page.getByTestId('preview-table');
  await expect(table.locator('thead th')).toHaveText(['#', 'date', 'rain_mm', 'metadata']);
  const rows = page.getByTestId('preview-row');
  await expect(rows).toHaveCount(50);
  const dates = await rows.locator('td[data-column="date"]').allTextContents();
  const rain = await rows.locator('td[data-column="rain_mm"]').allTextContents();
  expect(dates).toEqual(expected.slice(0, 50).map((day) => day.date));
  expect(rain).toEqual(expected.slice(0, 50).map((day) => String(day.rain_mm)));
  await page.screenshot({ path: 'test-results/processors-preview-table.png' });

  await page.getByTestId('preview-tab-json').click();
  await page.screenshot({ path: 'test-results/processors-preview-json.png' });
  const json = JSON.parse((await page.getByTestId('preview-json').textContent()) ?? '[]') as { payload: RainDay; metadata: unknown }[];
  expect(json.map((record) => record.payload)).toEqual(expected.slice(0, 50));
  expect(json.every((record) => typeof record.metadata === 'object' && record.metadata !== null)).toBe(true);
  await expect(page.getByTestId('preview-outdated')).toHaveCount(0);
  await expect(panel.locator('h3')).toHaveText(`Preview of ${LINK_ID}`);
  await page.getByTestId('inspector-label').fill('Rain days');
  await expect(page.getByTestId('preview-outdated')).toBeVisible();
  await expect(panel.locator('h3')).toHaveText('Preview of "Rain days"');
  await expect(runButton).toHaveText('Run "Rain days" now');
  await expect(runButton).toHaveAttribute('title', 'Run the selected link "Rain days" now (Ctrl+Enter)');
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Deployed');

  const outputPath = join(studio.filesRoot, OUTPUT_FILE);
  await expect.poll(async () => (await readJsonLines(outputPath)).length, { timeout: 20_000 }).toBe(expected.length);
  expect(await readJsonLines(outputPath)).toEqual(expected);

  // The history panel of the selected link lists the transfer with its counts per node.
  const history = page.getByTestId('history-panel');
  const firstRow = history.getByTestId('history-row').last();
  await expect(firstRow).toBeVisible();
  await expect(firstRow).toHaveAttribute('data-status', 'ok');
  await expect(firstRow.getByTestId('history-records')).toHaveText(`${formatCount(csvRows.length)} → ${formatCount(expected.length)}`);
  await expect(firstRow.getByTestId(`history-node-${INLET_ID}`)).toContainText(`${formatCount(csvRows.length)} in`);
  await expect(firstRow.getByTestId(`history-node-${OUTLET_ID}`)).toContainText(`${formatCount(expected.length)} out`);
  await expect(history.getByTestId('history-chart').locator('rect')).toHaveCount(1);

  // A second transfer, run now, adds a row and a bar without reopening the panel. The 10 s
  // tick may add a third on a slow machine.
  await expect(runButton).toBeEnabled();
  await page.locator('.toolbar').screenshot({ path: 'test-results/processors-toolbar-run.png' });
  await runButton.click();
  const historyRows = history.getByTestId('history-row');
  await expect.poll(() => historyRows.count()).toBeGreaterThanOrEqual(2);
  await expect(history.getByTestId('history-chart').locator('rect')).toHaveCount(await historyRows.count());
  await expect(history.getByTestId('history-row').first().getByTestId('history-records')).toHaveText(`${formatCount(csvRows.length)} → ${formatCount(expected.length)}`);
  expect(await readJsonLines(outputPath)).toEqual(expected);

  // The time axis labels the newest bar with its local start time, which its tooltip also gives.
  // Seconds show because all transfers fall within five minutes.
  const chart = history.getByTestId('history-chart');
  const ticks = chart.getByTestId('history-axis-tick');
  await expect(ticks.first()).toHaveText(/^\d\d:\d\d:\d\d$/);
  await expect(async () => {
    const newestTime = (await history.getByTestId('history-time').first().textContent())?.slice(0, 8) ?? '';
    expect(newestTime).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await ticks.last().textContent()).toBe(newestTime);
    expect(await chart.locator('rect').last().locator('title').textContent()).toContain(newestTime);
    expect(await chart.locator('rect').last().locator('title').textContent()).toContain(`${formatCount(csvRows.length)} in, ${formatCount(expected.length)} out`);
  }).toPass();
  // Toasts cover the bottom of the inspector; one may close on its own while this runs.
  for (const toast of await page.getByTestId('toast').all()) {
    await toast.getByRole('button', { name: 'Dismiss' }).click({ timeout: 2_000 }).catch(() => undefined);
  }
  await history.evaluate((element) => element.scrollIntoView({ block: 'end' }));
  await page.screenshot({ path: 'test-results/processors-history.png' });

  await page.getByTestId('toolbar-stop').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');
});

test('invalid JSONata on deploy → error under the step field', async ({ page }) => {
  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${LINK_ID}`)).toBeVisible();
  await selectNode(page, LINK_ID);

  await addStep(page, 'filter', 'payload.weather = ');

  // The preview checks the link like a deploy and lists the problem in the inspector.
  await page.getByTestId('preview-button').click();
  // Problems name the field by its inspector label and keep the config key on hover.
  await expect(page.getByTestId('preview-error')).toContainText('every-10s Processor 1 › Expression: ');
  await expect(page.getByTestId('preview-error').locator('strong')).toHaveAttribute('title', 'processors.0.expression');
  await expect(page.getByTestId('preview-panel')).toHaveCount(0);

  await page.getByTestId('toolbar-deploy').click();

  const nodeErrorField = page.getByTestId(`node-error-${LINK_ID}`).getByTestId('node-error-field');
  await expect(nodeErrorField).toHaveText('Processor 1 › Expression: ');
  await expect(nodeErrorField).toHaveAttribute('title', 'processors.0.expression');
  const fieldError = page.getByTestId('field-error-processors.0.config.expression');
  await expect(fieldError).toBeVisible();
  await expect(fieldError).toContainText('JSONata');
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');
  await page.screenshot({ path: 'test-results/processors-deploy-error.png' });

  await page.getByTestId('field-processors.0.config.expression').fill(FILTER_EXPRESSION);
  await expect(fieldError).toHaveCount(0);
});

test('cron schedule in a time zone → words and fire times', async ({ page }) => {
  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${LINK_ID}`)).toBeVisible();
  await selectNode(page, LINK_ID);

  await page.getByTestId('schedule-mode-cron').click();
  await page.getByTestId('field-schedule.cron').fill('0 6 * * 1-5');
  await page.getByTestId('field-schedule.timezone').selectOption('Europe/Berlin');

  await expect(page.getByTestId('schedule-preview')).toContainText('at 06:00 on weekdays (Europe/Berlin)');
  await expect(page.getByTestId('schedule-preview').locator('li')).toHaveCount(3);
  await expect(page.getByTestId(`link-schedule-${LINK_ID}`)).toHaveText('at 06:00 on weekdays (Europe/Berlin)');
  const times = page.getByTestId(`link-fire-times-${LINK_ID}`).locator('li');
  await expect(times).toHaveCount(3);
  for (const text of await times.allTextContents()) expect(text).toMatch(/^(Mon|Tue|Wed|Thu|Fri) \d+ \w+ 06:00 (CET|CEST|GMT\+1|GMT\+2)$/);

  await page.getByTestId('field-overlap').selectOption('parallel');
  await expect(page.getByTestId('field-maxConcurrent')).toBeVisible();
  await page.screenshot({ path: 'test-results/processors-cron-schedule.png' });

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('dirty-mark')).toHaveCount(0);
  const flowId = new URL(page.url()).searchParams.get('flow');
  const saved = await (await fetch(`${studio.url}/api/flows/${flowId}`)).json();
  const link = saved.nodes.find((node: { id: string }) => node.id === LINK_ID);
  expect(link.config.schedule).toEqual({ cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' });
  expect(link.config.overlap).toBe('parallel');

  // Deployed, the link shows the planner's own fire times, which match the browser's.
  await page.getByTestId('field-maxConcurrent').fill('3');
  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Deployed');
  const deployment = await (await fetch(`${studio.url}/api/flows/${flowId}/deployment`)).json();
  const deployedLink = deployment.links.find((entry: { linkId: string }) => entry.linkId === LINK_ID);
  expect(deployedLink.schedule.next).toHaveLength(3);
  await expect(times).toHaveCount(3);
  const berlin = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  const shown = await times.allTextContents();
  deployedLink.schedule.next.forEach((iso: string, index: number) => {
    const [day, time] = berlin(iso).split(', ');
    expect(shown[index]).toContain(` ${day} `);
    expect(shown[index]).toContain(time);
  });
});

test('invalid cron expression → preview and deploy errors on the field', async ({ page }) => {
  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${LINK_ID}`)).toBeVisible();
  await selectNode(page, LINK_ID);

  await page.getByTestId('schedule-mode-cron').click();
  await page.getByTestId('field-schedule.cron').fill('61 * * * *');
  await expect(page.getByTestId('schedule-preview')).toContainText('61');
  await expect(page.getByTestId(`link-schedule-${LINK_ID}`)).toContainText('invalid');

  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('field-error-schedule.cron').first()).toBeVisible();
  await expect(page.getByTestId(`node-error-${LINK_ID}`).getByTestId('node-error-field')).toHaveText('Cron expression: ');
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');
});

test('filter on the outlet → its chip, file and history count', async ({ page }) => {
  const sunDays = csvRows.filter((row) => row.weather === 'sun');
  expect(sunDays.length).toBeGreaterThan(0);

  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${OUTLET_ID}`)).toBeVisible();
  await selectNode(page, OUTLET_ID);
  await addStep(page, 'filter', 'payload.weather = "sun"');
  const chip = page.getByTestId(`node-steps-${OUTLET_ID}`).getByTestId('step-chip');
  await expect(chip).toHaveCount(1);
  await expect(chip).toContainText('filter');
  await expect(chip).toContainText('payload.weather = "sun"');

  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Deployed');
  const outputPath = join(studio.filesRoot, OUTPUT_FILE);
  await expect.poll(async () => (await readJsonLines(outputPath)).length, { timeout: 20_000 }).toBe(sunDays.length);
  expect(await readJsonLines(outputPath)).toEqual(sunDays);

  await selectNode(page, LINK_ID);
  const row = page.getByTestId('history-panel').getByTestId('history-row').last();
  await expect(row.getByTestId(`history-node-${OUTLET_ID}`)).toContainText(`${formatCount(sunDays.length)} out`);
  await expect(row.getByTestId(`history-node-${INLET_ID}`)).toContainText(`${formatCount(csvRows.length)} in`);
  await page.getByTestId('toolbar-stop').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');
});
