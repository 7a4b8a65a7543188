import { randomUUID } from 'node:crypto';
import type { Flow, FlowSummary } from '@databay-studio/shared';
import { createError } from '../errors.js';
import type { StudioDatabase } from './database.js';

interface FlowRow {
  id: string;
  name: string;
  version: number;
  document: string;
  created_at: string;
  updated_at: string;
  deployed_version: number | null;
}

/** A flow without id and version, as it is stored in the `document` column. */
export type FlowContent = Pick<Flow, 'name' | 'nodes' | 'edges'>;

/** The running snapshot of a deployed flow. */
export interface DeploymentRow {
  flowId: string;
  version: number;
  snapshot: Flow;
  deployedAt: string;
}

/** Flows and the record of which of them are deployed. */
export class FlowStore {
  constructor(private readonly database: StudioDatabase) {}

  list(): FlowSummary[] {
    const rows = this.database
      .prepare(
        `SELECT f.id, f.name, f.version, f.updated_at, d.version AS deployed_version
         FROM flows f LEFT JOIN deployments d ON d.flow_id = f.id ORDER BY f.updated_at DESC, f.id`,
      )
      .all() as FlowRow[];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      version: row.version,
      deployed: row.deployed_version !== null,
      ...(row.deployed_version !== null ? { deployedVersion: row.deployed_version } : {}),
      updatedAt: row.updated_at,
    }));
  }

  count(): number {
    return (this.database.prepare('SELECT COUNT(*) AS count FROM flows').get() as { count: number }).count;
  }

  get(flowId: string): Flow | undefined {
    const row = this.database.prepare('SELECT * FROM flows WHERE id = ?').get(flowId) as FlowRow | undefined;
    return row ? toFlow(row) : undefined;
  }

  /** Returns the flow or throws DBS_FLOW_NOT_FOUND. */
  require(flowId: string): Flow {
    const flow = this.get(flowId);
    if (!flow) throw createError('DBS_FLOW_NOT_FOUND', flowId);
    return flow;
  }

  create(content: FlowContent): Flow {
    const now = new Date().toISOString();
    const id = randomUUID();
    this.database
      .prepare('INSERT INTO flows (id, name, version, document, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)')
      .run(id, content.name, serialize(content), now, now);
    return this.require(id);
  }

  /**
   * Saves a new version when `version` is the stored one; throws DBS_FLOW_VERSION_CONFLICT and
   * changes nothing otherwise.
   */
  update(flowId: string, version: number, content: FlowContent): Flow {
    const save = this.database.transaction(() => {
      const current = this.require(flowId);
      if (current.version !== version) {
        throw createError('DBS_FLOW_VERSION_CONFLICT', flowId, version, current.version);
      }

      this.database
        .prepare('UPDATE flows SET name = ?, version = version + 1, document = ?, updated_at = ? WHERE id = ?')
        .run(content.name, serialize(content), new Date().toISOString(), flowId);
      return this.require(flowId);
    });
    return save.immediate();
  }

  /** Deletes the flow with its deployment, transfers and log lines; false when it did not exist. */
  delete(flowId: string): boolean {
    const remove = this.database.transaction(() => {
      this.database.prepare('DELETE FROM transfers WHERE flow_id = ?').run(flowId);
      this.database.prepare('DELETE FROM flow_log_batches WHERE flow_id = ?').run(flowId);
      this.database.prepare('DELETE FROM flow_log_seq WHERE flow_id = ?').run(flowId);
      return this.database.prepare('DELETE FROM flows WHERE id = ?').run(flowId).changes > 0;
    });
    return remove.immediate();
  }

  saveDeployment(flow: Flow): DeploymentRow {
    const deployedAt = new Date().toISOString();
    this.database
      .prepare(
        `INSERT INTO deployments (flow_id, version, snapshot, deployed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(flow_id) DO UPDATE SET version = excluded.version, snapshot = excluded.snapshot, deployed_at = excluded.deployed_at`,
      )
      .run(flow.id, flow.version, JSON.stringify(flow), deployedAt);
    return { flowId: flow.id, version: flow.version, snapshot: flow, deployedAt };
  }

  deleteDeployment(flowId: string): void {
    this.database.prepare('DELETE FROM deployments WHERE flow_id = ?').run(flowId);
  }

  getDeployment(flowId: string): DeploymentRow | undefined {
    const row = this.database.prepare('SELECT * FROM deployments WHERE flow_id = ?').get(flowId) as
      | { flow_id: string; version: number; snapshot: string; deployed_at: string }
      | undefined;
    return row ? toDeployment(row) : undefined;
  }

  listDeployments(): DeploymentRow[] {
    const rows = this.database.prepare('SELECT * FROM deployments ORDER BY deployed_at').all() as {
      flow_id: string;
      version: number;
      snapshot: string;
      deployed_at: string;
    }[];
    return rows.map(toDeployment);
  }
}

function serialize(content: FlowContent): string {
  return JSON.stringify({ nodes: content.nodes, edges: content.edges });
}

function toFlow(row: FlowRow): Flow {
  const document = JSON.parse(row.document) as Pick<Flow, 'nodes' | 'edges'>;
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    nodes: document.nodes,
    edges: document.edges,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDeployment(row: { flow_id: string; version: number; snapshot: string; deployed_at: string }): DeploymentRow {
  return {
    flowId: row.flow_id,
    version: row.version,
    snapshot: JSON.parse(row.snapshot) as Flow,
    deployedAt: row.deployed_at,
  };
}
