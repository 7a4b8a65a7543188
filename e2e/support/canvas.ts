import { expect, type Page } from '@playwright/test';

/** Drags a node type from the palette onto the canvas at a point relative to the canvas. */
export async function dropNodeType(page: Page, typeId: string, position: { x: number; y: number }): Promise<void> {
  await page.getByTestId(`palette-item-${typeId}`).dragTo(page.getByTestId('canvas'), { targetPosition: position });
}

/** Connects a node's source handle to another node's target handle by dragging with the mouse. */
export async function connectNodes(page: Page, sourceId: string, targetId: string): Promise<void> {
  const source = page.locator(`.react-flow__node[data-id="${sourceId}"] .react-flow__handle.source`);
  const target = page.locator(`.react-flow__node[data-id="${targetId}"] .react-flow__handle.target`);
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error(`Handles of "${sourceId}" or "${targetId}" are not on screen`);

  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect(page.locator(`.react-flow__edge[data-id], .react-flow__edge`).filter({ has: page.locator('path') })).not.toHaveCount(0);
}

/** Selects a node by clicking its body, so the inspector shows its config. */
export async function selectNode(page: Page, nodeId: string): Promise<void> {
  await page.getByTestId(`node-${nodeId}`).click();
  await expect(page.getByTestId('inspector-node-id')).toHaveText(nodeId);
}

/** Creates a new, empty flow from the flow menu and waits until it is open. */
export async function createFlow(page: Page, name: string): Promise<void> {
  await page.getByTestId('flow-menu').click();
  await page.getByTestId('flow-menu-new-name').fill(name);
  await page.getByTestId('flow-menu-new').click();
  await expect(page.getByTestId('flow-name')).toHaveValue(name);
  await expect(page.locator('.react-flow__node')).toHaveCount(0);
}
