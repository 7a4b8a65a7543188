/** The dataTransfer type under which a palette entry carries its node type id to the canvas. */
export const NODE_TYPE_DRAG_FORMAT = 'application/x-databay-node-type';
