import { describe, expect, it } from 'vitest';
import { fitViewport } from './fit-viewport';

const opts = { minZoom: 0.5, maxZoom: 1, padding: 20 };

describe('fitViewport', () => {
  it('centers a small flow at the maximum zoom', () => {
    const viewport = fitViewport([{ x: 0, y: 0, width: 200, height: 100 }], 1000, 600, opts);

    expect(viewport).toEqual({ x: 400, y: 250, zoom: 1 });
  });

  it('zooms out to fit a wider flow', () => {
    const viewport = fitViewport(
      [
        { x: 0, y: 0, width: 100, height: 100 },
        { x: 1500, y: 0, width: 100, height: 100 },
      ],
      1000,
      600,
      opts,
    );

    expect(viewport?.zoom).toBeCloseTo(960 / 1600);
    expect(viewport?.x).toBeCloseTo(20);
  });

  it('centers a flow too large to fit at the minimum zoom', () => {
    const viewport = fitViewport(
      [
        { x: 0, y: 0, width: 200, height: 60 },
        { x: 19_800, y: 3_540, width: 200, height: 60 },
      ],
      1000,
      600,
      opts,
    );

    expect(viewport).toEqual({ x: 500 - 10_000 * 0.5, y: 300 - 1_800 * 0.5, zoom: 0.5 });
  });

  it('returns null without nodes or pane', () => {
    expect(fitViewport([], 1000, 600, opts)).toBeNull();
    expect(fitViewport([{ x: 0, y: 0, width: 1, height: 1 }], 0, 600, opts)).toBeNull();
  });
});
