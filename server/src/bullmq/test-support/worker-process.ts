// A process of its own for the BullMQ tests, run with `node --import tsx`. It never calls
// process.exit, so it ends only when the worker or planner closed every Redis connection.
//
//   worker QUEUE PREFIX FILE REDIS_URL    runs a TransferWorker of link "to-file" until SIGTERM
//   planner QUEUE PREFIX FILE REDIS_URL   runs a BullMQPlanner with its worker for one transfer
import { FileOutlet, Inlet, Link, type Update } from '../../index.js';
import { BullMQPlanner, TransferWorker } from '../index.js';

const [mode, queueName, prefix, path, connection] = process.argv.slice(2);

/** Returns this process's id with each record, so the test can tell which process transferred. */
class ProcessIdInlet extends Inlet {
  pull(update: Update): unknown {
    return { pid: process.pid, transfer: update.transferNumber };
  }
}

const link = new Link({
  id: 'to-file',
  inlets: [new ProcessIdInlet()],
  outlets: [new FileOutlet({ path, format: 'jsonl' })],
  interval: { seconds: 1 },
});

if (mode === 'worker') {
  const worker = new TransferWorker({ links: [link], connection, queueName, prefix });
  await worker.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    worker.shutdown().catch((error: unknown) => {
      process.stderr.write(`worker shutdown failed: ${String(error)}\n`);
      process.exitCode = 1;
    });
  });
} else if (mode === 'planner') {
  const planner = new BullMQPlanner({ links: [link], connection, queueName, prefix });
  const finished = new Promise<void>((resolve) => planner.once('transferFinished', () => resolve()));
  await planner.start();
  await finished;
  await planner.shutdown();
  process.stdout.write('stopped\n');
} else {
  process.stderr.write(`Unknown mode "${mode}": use worker or planner.\n`);
  process.exitCode = 2;
}
