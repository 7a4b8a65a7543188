import { expect, test } from '@playwright/test';
import { selectNode } from './support/canvas';
import { startStudio, type StudioServer } from './support/studio-server';

// Node id of the link in the example flow "Seattle weather to JSONL" (examples/flows/seattle-weather-jsonl.json).
const LINK_ID = 'every-10s';

let studio: StudioServer;

test.beforeEach(async () => {
  studio = await startStudio();
});

test.afterEach(async () => {
  await studio.dispose();
});

test('empty batch size → one message on the field', async ({ page }) => {
  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${LINK_ID}`)).toBeVisible();
  await selectNode(page, LINK_ID);

  await page.getByTestId('field-groupers-new-type').selectOption('batch');
  await page.getByTestId('field-groupers-add').click();
  const sizeError = page.getByTestId('field-error-groupers.0.config.size');
  await expect(sizeError).toHaveCount(1);
  await expect(sizeError).toHaveText('Enter a whole number of at least 1 for Size.');

  // The deploy reports the same missing option. The field keeps its one message and the node lists the option.
  await page.getByTestId('toolbar-deploy').click();
  const nodeErrors = page.getByTestId(`node-error-${LINK_ID}`);
  await expect(nodeErrors).toContainText('missing required option "size" (a number)');
  await expect(nodeErrors).not.toContainText('received undefined');
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');
  await expect(sizeError).toHaveCount(1);
  await expect(sizeError).toHaveText('Enter a whole number of at least 1 for Size.');
  await page.getByTestId('field-groupers').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/deploy-problems-batch-size.png' });

  await page.getByTestId('field-groupers.0.config.size').fill('100');
  await expect(sizeError).toHaveCount(0);
  await expect(nodeErrors).toHaveCount(0);
});

test('stream batches with a grouper → problem under its label', async ({ page }) => {
  await page.goto(studio.url);
  await expect(page.getByTestId(`node-${LINK_ID}`)).toBeVisible();
  await selectNode(page, LINK_ID);

  await page.getByTestId('field-groupers-new-type').selectOption('batch');
  await page.getByTestId('field-groupers-add').click();
  await page.getByTestId('field-groupers.0.config.size').fill('100');
  await page.getByTestId('field-streamBatches').check();
  await page.getByTestId('toolbar-deploy').click();
  await expect(page.getByTestId('deploy-state')).toContainText('Not deployed');

  // The node lists the problem under the field's inspector label, with the config key as tooltip.
  const field = page.getByTestId(`node-error-${LINK_ID}`).getByTestId('node-error-field');
  await expect(field).toHaveCount(1);
  await expect(field).toHaveText('Stream batches: ');
  await expect(field).toHaveAttribute('title', 'streamBatches');
  await expect(page.getByTestId('field-error-streamBatches')).toContainText('cannot be used with groupers');
  await page.getByTestId('field-streamBatches').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/deploy-problems-stream-batches.png' });
});
