import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeTypes,
} from '@xyflow/react';
import { checkConnection } from '@databay-studio/shared';
import { NODE_WIDTH, type StudioEdge, type StudioNode } from '../store/flow-nodes';
import { studioStore, useStudio } from '../store/studio-store';
import { NODE_TYPE_DRAG_FORMAT } from '../palette/drag-format';
import { fitViewport } from './fit-viewport';
import { InletNode } from './nodes/InletNode';
import { LinkNode } from './nodes/LinkNode';
import { OutletNode } from './nodes/OutletNode';

// Defined once outside the component: a new object per render would remount every node.
const nodeTypes: NodeTypes = { inlet: InletNode, link: LinkNode, outlet: OutletNode };

/**
 * Above this many nodes the canvas renders only the nodes in view and drops its dot grid. The grid
 * is repainted on every pan frame: without it, bench/workloads/editor.mjs (1,000 nodes, headless
 * Chromium without GPU, 2 busy cores) pans at about 55 instead of 35 frames per second.
 */
const VISIBLE_ONLY_THRESHOLD = 300;

const DELETE_KEYS = ['Backspace', 'Delete'];

/**
 * Fitting a large flow stops at this zoom and shows the flow's middle. Below it node text gets hard
 * to read, and more nodes are in view and rendered, which slows panning.
 */
const FIT_MIN_ZOOM = 0.75;

/** The flow editor: nodes from the palette, edges drawn between handles, live transfer animation. */
export function FlowCanvas() {
  const nodes = useStudio((state) => state.nodes);
  const edges = useStudio((state) => state.edges);
  const linkRuns = useStudio((state) => state.linkRuns);
  const flowId = useStudio((state) => state.flowId);
  const focusRequest = useStudio((state) => state.focusRequest);
  const isLarge = nodes.length > VISIBLE_ONLY_THRESHOLD;
  const canvasRef = useRef<HTMLDivElement>(null);
  const { screenToFlowPosition, setCenter, setViewport, getZoom, getNode } = useReactFlow<StudioNode, StudioEdge>();

  // Edges of a link animate while one of its transfers runs.
  const shownEdges = useMemo(() => {
    const running = new Set(Object.keys(linkRuns).filter((linkId) => linkRuns[linkId].runningUpdate));
    if (running.size === 0) return edges;
    return edges.map((edge): Edge => {
      const isRunning = running.has(edge.source) || running.has(edge.target);
      return isRunning === Boolean(edge.animated) ? edge : { ...edge, animated: isRunning };
    });
  }, [edges, linkRuns]);

  // A flow that opens is fitted into view from the stored positions, before any node is measured.
  // An empty flow starts at the origin, so nodes dropped right after opening stay where they were dropped.
  useEffect(() => {
    const pane = canvasRef.current?.getBoundingClientRect();
    if (!flowId || !pane) return;

    const boxes = studioStore.getState().nodes.map((node) => ({
      x: node.position.x,
      y: node.position.y,
      width: node.measured?.width ?? node.initialWidth ?? NODE_WIDTH,
      height: node.measured?.height ?? node.initialHeight ?? NODE_WIDTH / 4,
    }));
    const viewport = fitViewport(boxes, pane.width, pane.height, { minZoom: FIT_MIN_ZOOM, maxZoom: 1, padding: 40 });
    void setViewport(viewport ?? { x: 0, y: 0, zoom: 1 });
  }, [flowId, setViewport]);

  useEffect(() => {
    if (!focusRequest) return;
    const node = getNode(focusRequest.nodeId);
    if (!node) return;

    const width = node.measured?.width ?? 200;
    const height = node.measured?.height ?? 80;
    void setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom: Math.max(getZoom(), 0.8), duration: 300 });
  }, [focusRequest, getNode, getZoom, setCenter]);

  const isValidConnection: IsValidConnection<StudioEdge> = useCallback((connection) => {
    const lookup = studioStore.getState().nodes;
    const source = lookup.find((node) => node.id === connection.source);
    const target = lookup.find((node) => node.id === connection.target);
    return Boolean(source && target && checkConnection(source.data.kind, target.data.kind) === null);
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const hint = studioStore.getState().connect(connection);
    if (hint) studioStore.getState().pushToast(hint, 'error');
  }, []);

  // A drop on a handle that isValidConnection rejected ends here, and the toast names what to connect instead.
  const onConnectEnd = useCallback((_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid !== false || !state.fromNode || !state.toNode) return;

    const fromKind = (state.fromNode.data as StudioNode['data']).kind;
    const toKind = (state.toNode.data as StudioNode['data']).kind;
    const fromIsSource = state.fromHandle?.type !== 'target';
    const hint = fromIsSource ? checkConnection(fromKind, toKind) : checkConnection(toKind, fromKind);
    studioStore.getState().pushToast(hint ?? 'These handles cannot be connected.', 'error');
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_TYPE_DRAG_FORMAT)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const typeId = event.dataTransfer.getData(NODE_TYPE_DRAG_FORMAT);
      const nodeType = studioStore.getState().nodeTypeLookup[typeId];
      if (!nodeType) return;
      event.preventDefault();

      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = studioStore.getState().addNode(nodeType, { x: position.x - 90, y: position.y - 24 });
      if (id) studioStore.getState().selectNode(id);
    },
    [screenToFlowPosition],
  );

  const onPaneClick = useCallback(() => studioStore.getState().selectNode(null), []);

  return (
    <div className="canvas" data-testid="canvas" ref={canvasRef} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<StudioNode, StudioEdge>
        nodes={nodes}
        edges={shownEdges}
        nodeTypes={nodeTypes}
        onNodesChange={studioStore.getState().applyNodeChanges}
        onEdgesChange={studioStore.getState().applyEdgeChanges}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onPaneClick={onPaneClick}
        onlyRenderVisibleElements={isLarge}
        deleteKeyCode={DELETE_KEYS}
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
      >
        {!isLarge && <Background variant={BackgroundVariant.Dots} gap={20} size={1} color="#cfd6e0" />}
        <Controls showInteractive={false} />
      </ReactFlow>
      {nodes.length === 0 && flowId && (
        <div className="canvas__empty">Drag an inlet, a link and an outlet from the palette, then wire inlet → link → outlet.</div>
      )}
    </div>
  );
}
