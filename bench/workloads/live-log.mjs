// Live-log rate: log lines of one flow go through the studio's LiveHub (buffer, SQLite store,
// socket.io room) to a socket.io client in another process, at rising rates. A rate is clean
// when the hub kept up with it and the client got every seq exactly once.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain } from '../lib/args.mjs';
import { loadStudio } from '../lib/engine.mjs';
import { round } from '../lib/stats.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const RATES = [5_000, 10_000, 20_000, 40_000, 80_000, 160_000];
const FULL_SECONDS = 10;
const QUICK_SECONDS = 3;
/** How long the client may take after the last line was appended to receive everything. */
const DRAIN_TIMEOUT_MS = 5_000;
/**
 * A rate counts only when the lines were appended at no less than this share of it: a hub whose
 * flushes hold the event loop back too long makes the pacing loop fall behind.
 */
const MIN_ACHIEVED_SHARE = 0.95;
/** The pacing loop appends the lines due every this many ms. */
const PACE_MS = 5;

if (process.argv.includes('--role') && process.argv[process.argv.indexOf('--role') + 1] === 'client') {
  await runClient();
} else {
  runMain(async (options) => measure(options.quick ? QUICK_SECONDS : FULL_SECONDS));
}

async function measure(seconds) {
  const { buildApp, resolveConfig } = await loadStudio();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'databay-bench-livelog-'));
  const app = await buildApp({ config: resolveConfig({ dataDir, logLevel: 'warn' }), seedExamples: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address();
  const client = fork(SCRIPT, ['--role', 'client', `http://127.0.0.1:${port}`], { stdio: 'inherit' });
  const ask = createAsk(client);

  try {
    await ask({ type: 'connect' });
    const steps = [];
    for (const rate of RATES) {
      const step = await runRate(app, ask, rate, seconds);
      steps.push(step);
      process.stderr.write(`[live-log] ${JSON.stringify(step)}\n`);
      if (!step.clean) break;
    }

    const clean = steps.filter((step) => step.clean);
    const best = clean.at(-1);
    const firstFailure = steps.find((step) => !step.clean);
    return {
      eventsPerSecond: best?.rate ?? 0,
      achievedPerSecond: best?.achievedPerSecond ?? 0,
      lost: best?.lost ?? firstFailure?.lost ?? NaN,
      duplicated: best?.duplicated ?? firstFailure?.duplicated ?? NaN,
      seconds,
      steps,
    };
  } finally {
    client.kill();
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Sends `rate` lines per second to a fresh flow for `seconds`, then checks what the client got. */
async function runRate(app, ask, rate, seconds) {
  const created = await app.inject({ method: 'POST', url: '/api/flows', payload: { name: `bench-live-log-${rate}` } });
  if (created.statusCode !== 201) throw new Error(`POST /api/flows returned ${created.statusCode}: ${created.body}`);
  const flowId = created.json().id;
  await ask({ type: 'subscribe', flowId });
  await waitForSubscriber(app, flowId);

  const hub = app.studio.hub;
  const total = rate * seconds;
  let sent = 0;
  let lastSeq = 0;
  let longestStallMs = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let previous = started;

  // Appends the lines due so far every PACE_MS; a hub that cannot keep up falls behind schedule.
  while (sent < total) {
    const now = performance.now();
    longestStallMs = Math.max(longestStallMs, now - previous - PACE_MS);
    previous = now;
    const due = Math.min(total, Math.floor(((now - started) / 1000) * rate));
    for (; sent < due; sent += 1) {
      lastSeq = hub.appendLog(flowId, { level: 'info', message: `line ${sent}`, linkId: 'link-bench', update: `bench.${sent}` }).seq;
    }
    if (now >= deadline + 1000) break;
    await new Promise((resolve) => setTimeout(resolve, PACE_MS));
  }
  hub.flush(flowId);
  const sendMs = performance.now() - started;
  const behindMs = sendMs - seconds * 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMicrosPerLine = (cpu.user + cpu.system) / sent;

  const report = await ask({ type: 'await', flowId, count: sent, timeoutMs: DRAIN_TIMEOUT_MS });
  await ask({ type: 'unsubscribe', flowId });
  const achievedPerSecond = sent / (sendMs / 1000);
  const lost = sent - report.distinct;
  return {
    rate,
    sent,
    lastSeq,
    achievedPerSecond: Math.round(achievedPerSecond),
    behindMs: round(behindMs, 1),
    // CPU of the server process (hub, SQLite store, socket.io) per line, and the rate one core
    // could carry at that cost: an estimate that other processes on the machine do not lower.
    cpuMicrosPerLine: round(cpuMicrosPerLine, 1),
    oneCoreLinesPerSecondEstimate: Math.round(1e6 / cpuMicrosPerLine),
    longestStallMs: round(longestStallMs, 1),
    received: report.received,
    lost,
    duplicated: report.duplicated,
    outOfOrder: report.outOfOrder,
    drainMs: round(report.drainMs, 1),
    clean: lost === 0 && report.duplicated === 0 && sent === total && achievedPerSecond >= rate * MIN_ACHIEVED_SHARE,
  };
}

/** subscribe has no acknowledgement, so the server's room is polled until the client is in it. */
async function waitForSubscriber(app, flowId) {
  const giveUpAt = performance.now() + 5000;
  while ((await app.studio.io.in(`flow:${flowId}`).fetchSockets()).length === 0) {
    if (performance.now() > giveUpAt) throw new Error(`The client did not join the room of flow ${flowId} within 5 s.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Request/response over the fork IPC channel, one request at a time. */
function createAsk(child) {
  return async (message) => {
    child.send(message);
    const [reply] = await once(child, 'message');
    if (reply.error) throw new Error(`live-log client: ${reply.error}`);
    return reply;
  };
}

/** The browser's stand-in: one socket.io client that counts each flow's seqs. */
async function runClient() {
  const { io } = await import('socket.io-client');
  const url = process.argv.at(-1);
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  const flows = new Map();

  const onLines = (lines) => {
    for (const line of lines) {
      const flow = flows.get(line.flowId);
      if (!flow) continue;
      flow.received += 1;
      if (line.seq < flow.lastSeq) flow.outOfOrder += 1;
      flow.lastSeq = Math.max(flow.lastSeq, line.seq);
      if (flow.seen.has(line.seq)) flow.duplicated += 1;
      else flow.seen.add(line.seq);
      flow.lastAt = performance.now();
      if (flow.waiter && flow.seen.size >= flow.waiter.count) flow.waiter.done();
    }
  };
  socket.on('log', (line) => onLines([line]));
  socket.on('log-batch', (lines) => onLines(lines));

  process.on('message', async (message) => {
    try {
      if (message.type === 'connect') {
        if (!socket.connected) {
          await Promise.race([
            once(socket, 'connect'),
            once(socket, 'connect_error').then(([error]) => Promise.reject(new Error(`Connecting to ${url} failed: ${error.message}`))),
          ]);
        }
        process.send({ ok: true });
      } else if (message.type === 'subscribe') {
        flows.set(message.flowId, { received: 0, duplicated: 0, outOfOrder: 0, lastSeq: 0, seen: new Set(), waiter: undefined, lastAt: 0 });
        socket.emit('subscribe', { flowId: message.flowId });
        process.send({ ok: true });
      } else if (message.type === 'await') {
        const flow = flows.get(message.flowId);
        const requestedAt = performance.now();
        if (flow.seen.size < message.count) {
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, message.timeoutMs);
            flow.waiter = {
              count: message.count,
              done: () => {
                clearTimeout(timer);
                resolve();
              },
            };
          });
        }
        // Give duplicates that would follow the last line a moment to arrive.
        await new Promise((resolve) => setTimeout(resolve, 100));
        process.send({
          received: flow.received,
          distinct: flow.seen.size,
          duplicated: flow.duplicated,
          outOfOrder: flow.outOfOrder,
          drainMs: Math.max(0, flow.lastAt - requestedAt),
        });
      } else if (message.type === 'unsubscribe') {
        socket.emit('unsubscribe', { flowId: message.flowId });
        flows.delete(message.flowId);
        process.send({ ok: true });
      }
    } catch (error) {
      process.send({ error: error.message });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
