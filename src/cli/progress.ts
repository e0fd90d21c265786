// The live progress bar of apply on a terminal: done/total, rate, calls used, ETA, redrawn in place.
import type { SyncProgress } from './sync.js';
import type { Paint } from './terminal-text.js';

/** Where the bar is drawn and how time is read; `now` in milliseconds. */
export interface ProgressBarOptions {
  readonly write: (text: string) => void;
  readonly now: () => number;
  readonly paint: Paint;
  /** Default 100: redraws at most ten times a second. */
  readonly minIntervalMs?: number;
  /** Default 24 characters. */
  readonly width?: number;
}

/** A bar fed with the library's progress reports. */
export interface ProgressBar {
  /** Takes a report; redraws unless the last redraw was under `minIntervalMs` ago. */
  update(progress: SyncProgress): void;
  /** Draws the last state and ends the line; does nothing when nothing was drawn. */
  finish(): void;
}

/** Makes a bar; the library reports per service, the bar shows both together. */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const { write, now, paint, minIntervalMs = 100, width = 24 } = options;
  const latest = new Map<string, SyncProgress>();
  let lastDraw: number | undefined;
  let drawn = false;

  const draw = () => {
    write(`\r${progressLine([...latest.values()], width, paint)}\u001b[K`);
    drawn = true;
    lastDraw = now();
  };

  return {
    update(progress) {
      latest.set(progress.service, progress);
      if (lastDraw === undefined || now() - lastDraw >= minIntervalMs) draw();
    },
    finish() {
      if (latest.size === 0) return;
      draw();
      if (drawn) write('\n');
    },
  };
}

/** The bar's text for the latest report of each service. */
export function progressLine(reports: readonly SyncProgress[], width: number, paint: Paint): string {
  const sum = (pick: (p: SyncProgress) => number) => reports.reduce((total, p) => total + pick(p), 0);
  // `done` counts every change that ended, the failed ones among them.
  const finished = sum((p) => p.done);
  const total = finished + sum((p) => p.remaining);
  const rate = sum((p) => p.ratePerSecond);
  const filled = total === 0 ? width : Math.round((finished / total) * width);
  const bar = paint('green', '█'.repeat(filled)) + paint('dim', '░'.repeat(width - filled));
  const failed = sum((p) => p.failed);
  const parts = [
    `${bar} ${finished}/${total}`,
    failed > 0 ? paint('red', `${failed} failed`) : undefined,
    `${rate.toFixed(1)}/s`,
    `${sum((p) => p.callsUsed)} calls`,
    `ETA ${eta(total - finished, rate)}`,
  ];
  return parts.filter((part) => part !== undefined).join('  ');
}

/** Remaining time as m:ss (or h:mm:ss); "--:--" while the rate is unknown. */
export function eta(remaining: number, ratePerSecond: number): string {
  if (remaining === 0) return '0:00';
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) return '--:--';
  const seconds = Math.ceil(remaining / ratePerSecond);
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
