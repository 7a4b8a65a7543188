// Flow documents for the deploy and editor workloads, in the shape POST /api/flows takes.

const COLUMN_WIDTH = 260;
const ROW_HEIGHT = 90;

/**
 * Builds a flow of `groups` independent chains. Each chain has `inletsPerLink` inlets, one link
 * and `outletsPerLink` outlets, laid out left to right, one chain per row.
 */
export function buildChainFlow({
  name,
  groups,
  inletsPerLink = 1,
  outletsPerLink = 1,
  inletType,
  inletConfig = {},
  outletType,
  outletConfig = {},
  linkConfig = {},
  columns = 1,
}) {
  const nodes = [];
  const edges = [];
  const rowsPerGroup = Math.max(inletsPerLink, outletsPerLink);

  for (let g = 0; g < groups; g += 1) {
    const column = g % columns;
    const row = Math.floor(g / columns) * rowsPerGroup;
    const x0 = column * COLUMN_WIDTH * 3.5;
    const linkId = `link-${g}`;
    nodes.push({
      id: linkId,
      kind: 'link',
      type: 'link',
      position: { x: x0 + COLUMN_WIDTH, y: row * ROW_HEIGHT },
      config: { ...linkConfig },
    });

    for (let i = 0; i < inletsPerLink; i += 1) {
      const id = `inlet-${g}-${i}`;
      nodes.push({ id, kind: 'inlet', type: inletType, position: { x: x0, y: (row + i) * ROW_HEIGHT }, config: { ...inletConfig } });
      edges.push({ id: `edge-${id}`, source: id, target: linkId });
    }
    for (let o = 0; o < outletsPerLink; o += 1) {
      const id = `outlet-${g}-${o}`;
      nodes.push({
        id,
        kind: 'outlet',
        type: outletType,
        position: { x: x0 + COLUMN_WIDTH * 2, y: (row + o) * ROW_HEIGHT },
        config: { ...outletConfig },
      });
      edges.push({ id: `edge-${id}`, source: linkId, target: id });
    }
  }
  return { name, nodes, edges };
}
