import { expect, test, type Page } from '@playwright/test';
import { startStudio, type StudioServer } from './support/studio-server';

let studio: StudioServer;

test.beforeEach(async () => {
  studio = await startStudio();
});

test.afterEach(async () => {
  await studio.dispose();
});

/** Creates and deploys a flow whose link transfers every 200 ms, so log lines keep coming. */
async function deployBusyFlow(): Promise<string> {
  const flow = {
    name: 'Busy random numbers',
    nodes: [
      { id: 'in1', kind: 'inlet', type: 'random-int-inlet', position: { x: 0, y: 0 }, config: { count: 3 } },
      { id: 'l1', kind: 'link', type: 'link', position: { x: 300, y: 0 }, config: { interval: 200, tags: ['busy'] } },
      { id: 'out1', kind: 'outlet', type: 'null-outlet', position: { x: 600, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'in1', target: 'l1' },
      { id: 'e2', source: 'l1', target: 'out1' },
    ],
  };
  const created = await fetch(`${studio.url}/api/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(flow),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };

  const deployed = await fetch(`${studio.url}/api/flows/${id}/deploy`, { method: 'POST' });
  expect(deployed.status).toBe(200);
  return id;
}

/** Reads the seq range and line count that the log panel renders on purpose for tests. */
async function logRange(page: Page): Promise<{ first: number; last: number; count: number }> {
  const panel = page.getByTestId('log-panel');
  const [first, last, count] = await Promise.all([
    panel.getAttribute('data-first-seq'),
    panel.getAttribute('data-last-seq'),
    panel.getAttribute('data-line-count'),
  ]);
  return { first: Number(first), last: Number(last), count: Number(count) };
}

test('page reload during transfers → log goes on without gap or duplicate', async ({ page }) => {
  const flowId = await deployBusyFlow();
  await page.goto(`${studio.url}/?flow=${flowId}`);

  await expect.poll(async () => (await logRange(page)).last).toBeGreaterThan(20);
  const beforeReload = await logRange(page);
  expect(beforeReload.count).toBe(beforeReload.last - beforeReload.first + 1);

  await page.reload();

  await expect.poll(async () => (await logRange(page)).last).toBeGreaterThan(beforeReload.last + 20);
  const afterReload = await logRange(page);
  expect(afterReload.first).toBeLessThanOrEqual(beforeReload.last);
  expect(afterReload.count).toBe(afterReload.last - afterReload.first + 1);

  const seqs = await page.getByTestId('log-line').evaluateAll((lines) => lines.map((line) => Number(line.getAttribute('data-seq'))));
  expect(new Set(seqs).size).toBe(seqs.length);
});

test('stale save from a second tab → conflict dialog, first save kept', async ({ context }) => {
  const flowId = await deployBusyFlow();
  const first = await context.newPage();
  const second = await context.newPage();
  await first.goto(`${studio.url}/?flow=${flowId}`);
  await second.goto(`${studio.url}/?flow=${flowId}`);
  await expect(first.getByTestId('flow-name')).toHaveValue('Busy random numbers');
  await expect(second.getByTestId('flow-name')).toHaveValue('Busy random numbers');

  await second.getByTestId('flow-name').fill('Renamed in the second tab');
  await second.getByTestId('flow-name').press('Enter');
  await expect(second.getByTestId('dirty-mark')).toBeVisible();

  await first.getByTestId('flow-name').fill('Renamed in the first tab');
  await first.getByTestId('flow-name').press('Enter');
  await first.getByTestId('toolbar-save').click();
  await expect(first.getByTestId('dirty-mark')).toHaveCount(0);

  await second.getByTestId('toolbar-save').click();

  await expect(second.getByTestId('conflict-dialog')).toBeVisible();
  await second.screenshot({ path: 'test-results/conflict.png' });

  const stored = (await (await fetch(`${studio.url}/api/flows/${flowId}`)).json()) as { name: string; version: number };
  expect(stored.name).toBe('Renamed in the first tab');
  expect(stored.version).toBe(2);
});
