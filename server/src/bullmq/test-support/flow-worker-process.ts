// A TransferWorker process for the BullMQ tests that builds its links from a flow JSON file, as a
// worker on another machine would. Run with `node --import tsx`:
//
//   QUEUE PREFIX FLOW_FILE FILES_ROOT PLUGINS_DIR REDIS_URL
//
// It prints `ready` once the worker started and `finished <link id> <update> <status>` after each
// transfer. On SIGTERM it shuts the worker down and aborts the flow's nodes, then exits by itself.
import { readFile } from 'node:fs/promises';
import { linksFromFlow, loadNodeTypes } from '../../index.js';
import { TransferWorker } from '../index.js';

const [queueName, prefix, flowFile, filesRoot, pluginsDir, connection] = process.argv.slice(2);

const registry = await loadNodeTypes({ pluginsDir, nodeModulesDirs: [] });
const flowLinks = await linksFromFlow(JSON.parse(await readFile(flowFile, 'utf8')), { registry, filesRoot });

const worker = new TransferWorker({ links: flowLinks.links, connection, queueName, prefix });
worker.on('transferFinished', ({ link, update, status }) => {
  process.stdout.write(`finished ${link.id} ${String(update)} ${status}\n`);
});
await worker.start();
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  worker
    .shutdown()
    .then(() => flowLinks.abort())
    .catch((error: unknown) => {
      process.stderr.write(`worker shutdown failed: ${String(error)}\n`);
      process.exitCode = 1;
    });
});
