import { highestHeldSeq } from '../store/log-slice';
import type { StudioStore } from '../store/studio-store';
import type { StudioActions } from '../studio/studio-actions';
import { LiveConnection } from './live-connection';

/**
 * Wires the live connection to the store: events go to store actions, and the subscription
 * follows the open flow. Returns a function that closes the connection.
 */
export function connectLive(store: StudioStore, actions: StudioActions, onConnectionChange: (isConnected: boolean) => void): () => void {
  const connection = new LiveConnection({
    onLogLines: (lines) => store.getState().receiveLogLines(lines),
    onTransfer: (event) => store.getState().receiveTransfer(event),
    onStatus: (event) => store.getState().receiveStatus(event),
    onNodeTypes: (response) => actions.handleNodeTypes(response),
    onFlowChanged: (change) => actions.handleFlowChanged(change),
    onConnectionChange,
    highestSeq: (flowId) => (store.getState().flowId === flowId ? highestHeldSeq(store.getState()) : 0),
  });

  connection.follow(store.getState().flowId);
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.flowId !== previous.flowId) connection.follow(state.flowId);
  });
  connection.connect();

  return () => {
    unsubscribe();
    connection.close();
  };
}
