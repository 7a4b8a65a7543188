// Editor: a 1,000-node flow opened in headless Chromium from the real server and the built
// client. Measures the time from navigation start until the canvas shows its nodes, and the
// frame rate while the mouse drags the pane.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { runMain } from '../lib/args.mjs';
import { buildChainFlow } from '../lib/flows.mjs';
import { requestJson, startServer } from '../lib/server.mjs';
import { quantile, round } from '../lib/stats.mjs';

const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1600, height: 1000 };
const NODES = 1_000;
/** The node count must stay the same this long before the first render counts as done. */
const STABLE_MS = 1_000;
const RENDER_TIMEOUT_MS = 60_000;
/** Page loads timed per run; the median counts, because single loads vary on a busy machine. */
const FULL_LOADS = 3;
const QUICK_LOADS = 1;
const FULL_PAN_MS = 3_000;
const QUICK_PAN_MS = 2_000;
/** When set, the page's JS CPU profiles of the render and the pan are written to this folder. */
const PROFILE_DIR = process.env.BENCH_EDITOR_PROFILE_DIR;

// Runs in the page before its scripts: records every frame in which the number of node elements,
// or of those React Flow has measured and shown, changed. Unmeasured nodes are `visibility: hidden`.
const RENDER_PROBE = `
  window.__renderProbe = { samples: [], running: true };
  const sample = () => {
    const probe = window.__renderProbe;
    if (!probe.running) return;
    const nodes = document.querySelectorAll('.react-flow__node');
    let shown = 0;
    for (const node of nodes) if (node.style.visibility !== 'hidden') shown += 1;
    const last = probe.samples[probe.samples.length - 1];
    if (!last || last.total !== nodes.length || last.shown !== shown) {
      probe.samples.push({ t: performance.now(), total: nodes.length, shown });
    }
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
`;

const CLIENT_INDEX = fileURLToPath(new URL('../../client/dist/index.html', import.meta.url));

runMain(async (options) => {
  if (!existsSync(CLIENT_INDEX)) {
    throw new Error(`The built client is missing (${CLIENT_INDEX}). Run \`npm run build\` first; \`npm run bench\` does.`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; install Debian's chromium package to run the editor workload.`);
  }
  const server = await startServer();
  let browser;
  try {
    const flow = buildChainFlow({
      name: 'bench-editor',
      groups: NODES / 5,
      inletsPerLink: 2,
      outletsPerLink: 2,
      inletType: 'random-int-inlet',
      outletType: 'null-outlet',
      linkConfig: { interval: { seconds: 10 } },
      columns: 10,
    });
    const saved = await requestJson(server.baseUrl, 'POST', '/api/flows', flow);

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const url = `${server.baseUrl}/?flow=${encodeURIComponent(saved.id)}`;

    // Each load gets a new browser context, so nothing comes from the HTTP cache; the last page
    // stays open for the pan.
    const renders = [];
    let page;
    for (let load = 0; load < (options.quick ? QUICK_LOADS : FULL_LOADS); load += 1) {
      await page?.context().close();
      page = await openPage(browser);
      const pageErrors = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const profiler = PROFILE_DIR && load === 0 ? await startProfiler(page) : undefined;

      await page.goto(url);
      renders.push(await waitForStableRender(page));
      if (pageErrors.length > 0) throw new Error(`The page threw: ${pageErrors.join(' | ')}`);
      await profiler?.save('editor-render');
    }
    const render = [...renders].sort((a, b) => a.firstRenderMs - b.firstRenderMs)[Math.floor((renders.length - 1) / 2)];

    const profiler = PROFILE_DIR ? await startProfiler(page) : undefined;
    const pan = await measurePan(page, options.quick ? QUICK_PAN_MS : FULL_PAN_MS);
    await profiler?.save('editor-pan');
    return {
      nodes: flow.nodes.length,
      edges: flow.edges.length,
      firstRenderMs: round(render.firstRenderMs, 0),
      firstRenderMsLoads: renders.map((each) => round(each.firstRenderMs, 0)),
      renderedNodes: render.shown,
      renderMode:
        render.shown >= flow.nodes.length
          ? `all ${flow.nodes.length} nodes in the DOM and measured`
          : `onlyRenderVisibleElements: ${render.shown} nodes in the viewport rendered`,
      panFps: round(pan.fps, 1),
      panFrameMsP95: round(pan.frameMsP95, 1),
      panFrameMsMax: round(pan.frameMsMax, 1),
      panMs: round(pan.elapsedMs, 0),
      panFramesMoved: pan.framesMoved,
      viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
    };
  } finally {
    await browser?.close();
    await server.stop();
  }
});

/** Opens a page in a new browser context, with the render probe installed. */
async function openPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(RENDER_PROBE);
  return page;
}

/** Records the page's JavaScript CPU profile over CDP, for `bench/tools/profile-top.mjs`. */
async function startProfiler(page) {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  return {
    save: async (name) => {
      const { profile } = await session.send('Profiler.stop');
      const file = path.join(PROFILE_DIR, `${name}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      process.stderr.write(`[editor] wrote ${file}\n`);
    },
  };
}

/** Waits until the shown node count stopped changing; returns when it first reached that count. */
async function waitForStableRender(page) {
  const giveUpAt = Date.now() + RENDER_TIMEOUT_MS;
  for (;;) {
    const { samples, now } = await page.evaluate(() => ({ samples: window.__renderProbe.samples, now: performance.now() }));
    const last = samples.at(-1);
    if (last && last.shown > 0 && now - last.t >= STABLE_MS) {
      await page.evaluate(() => {
        window.__renderProbe.running = false;
      });
      return { firstRenderMs: last.t, shown: last.shown, total: last.total };
    }
    if (Date.now() > giveUpAt) {
      throw new Error(`The canvas did not settle within ${RENDER_TIMEOUT_MS} ms; last sample: ${JSON.stringify(last)}.`);
    }
    await page.waitForTimeout(100);
  }
}

/** Drags the pane back and forth with the mouse while the page counts animation frames. */
async function measurePan(page, durationMs) {
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('No .react-flow__pane element to drag.');
  const centerX = pane.x + pane.width / 2;
  const centerY = pane.y + pane.height / 2;

  await page.evaluate(() => {
    const counter = { frames: [], moves: 0, running: true };
    window.__frameCounter = counter;
    const viewport = document.querySelector('.react-flow__viewport');
    let lastTransform = viewport?.style.transform;
    const tick = (time) => {
      if (!counter.running) return;
      counter.frames.push(time);
      // Frames in which the viewport moved prove that the drag pans the canvas.
      const transform = viewport?.style.transform;
      if (transform !== lastTransform) counter.moves += 1;
      lastTransform = transform;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  await page.mouse.move(centerX, centerY);
  await page.mouse.down();
  const started = Date.now();
  let step = 0;
  while (Date.now() - started < durationMs) {
    // A slow circle of 200 px radius keeps the same part of the flow in view.
    const angle = step / 20;
    await page.mouse.move(centerX + Math.cos(angle) * 200 - 200, centerY + Math.sin(angle) * 200);
    step += 1;
  }
  await page.mouse.up();

  const { frames, moves } = await page.evaluate(() => {
    window.__frameCounter.running = false;
    return { frames: window.__frameCounter.frames, moves: window.__frameCounter.moves };
  });
  if (frames.length < 2) throw new Error(`Only ${frames.length} animation frames while panning.`);
  if (moves === 0) throw new Error('The viewport never moved while the mouse dragged the pane, so no pan was measured.');

  const deltas = frames.slice(1).map((time, index) => time - frames[index]).sort((a, b) => a - b);
  const elapsedMs = frames.at(-1) - frames[0];
  return {
    fps: ((frames.length - 1) / elapsedMs) * 1000,
    frameMsP95: quantile(deltas, 0.95),
    frameMsMax: deltas.at(-1),
    elapsedMs,
    framesMoved: moves,
  };
}
