import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { flowInputSchema } from '@databay-studio/shared';
import type { FlowContent } from '../store/flow-store.js';

/** An example flow file in examples/flows: a flow plus what the examples list shows. */
const exampleFileSchema = flowInputSchema.extend({
  description: z.string().default(''),
  /** Files from examples/data the flow reads; copied into the files folder when missing. */
  files: z.array(z.string().min(1)).default([]),
  /** True when the flow reads from the internet. */
  network: z.boolean().default(false),
});

/** One row of GET /api/examples. */
export interface ExampleSummary {
  id: string;
  name: string;
  description: string;
  network: boolean;
  files: string[];
}

interface Example extends ExampleSummary {
  flow: FlowContent;
}

/** The example flows shipped in `<examplesDir>/flows`, by file name without `.json`. */
export class ExampleCatalogue {
  private readonly examples = new Map<string, Example>();

  constructor(
    private readonly examplesDir: string,
    private readonly logger: Logger,
  ) {
    this.load();
  }

  list(): ExampleSummary[] {
    return [...this.examples.values()].map(({ flow: _flow, ...summary }) => summary);
  }

  get(exampleId: string): Example | undefined {
    return this.examples.get(exampleId);
  }

  /** Copies the data files of every example into `filesRoot` unless a file of that name is there. */
  copyDataFiles(filesRoot: string): void {
    mkdirSync(filesRoot, { recursive: true });
    const neededFiles = new Set([...this.examples.values()].flatMap((example) => example.files));
    for (const file of neededFiles) {
      const target = path.join(filesRoot, file);
      if (existsSync(target)) continue;
      const source = path.join(this.examplesDir, 'data', file);
      if (!existsSync(source)) {
        this.logger.warn({ file, source }, 'Example data file missing; the example that reads it will fail');
        continue;
      }
      try {
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(source, target);
        this.logger.info({ file, target }, 'Copied an example data file into the files folder');
      } catch (error) {
        this.logger.error({ err: error, file, target }, 'Copying an example data file failed');
      }
    }
  }

  private load(): void {
    const folder = path.join(this.examplesDir, 'flows');
    if (!existsSync(folder)) {
      this.logger.warn({ folder }, 'Examples folder not found; GET /api/examples lists none');
      return;
    }

    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
      const id = file.slice(0, -'.json'.length);
      try {
        const parsed = exampleFileSchema.parse(JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
        const { description, files, network, ...flow } = parsed;
        this.examples.set(id, { id, name: flow.name, description, network, files, flow });
      } catch (error) {
        this.logger.error({ err: error, file }, 'Invalid example flow skipped');
      }
    }
  }
}
