// The live progress of plan and apply: a line redrawn in place on a terminal (done/total, rate,
// calls used, ETA), or for machines progress events at most once a second.
import type { PlanProgress, SyncProgress } from './sync.js';
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
export interface ProgressBar<T> {
  /** Takes a report; redraws unless the last redraw was under `minIntervalMs` ago. */
  update(progress: T): void;
  /** Apply's bar draws its last state and ends the line; plan's is erased. Nothing when nothing was drawn. */
  finish(): void;
}

/** A line drawn with \r over itself, at most every `minIntervalMs`. */
function redrawn(options: ProgressBarOptions, text: () => string) {
  const { write, now, minIntervalMs = 100 } = options;
  let lastDraw: number | undefined;
  const draw = () => {
    write(`\r${text()}\u001b[K`);
    lastDraw = now();
  };
  return {
    drawn: () => lastDraw !== undefined,
    update() {
      if (lastDraw === undefined || now() - lastDraw >= minIntervalMs) draw();
    },
    draw,
  };
}

/** Apply's bar: the library reports per service, the bar shows both together and stays when done. */
export function createProgressBar(options: ProgressBarOptions): ProgressBar<SyncProgress> {
  const latest = new Map<string, SyncProgress>();
  const line = redrawn(options, () => progressLine([...latest.values()], options.width ?? 24, options.paint));
  return {
    update(progress) {
      latest.set(progress.service, progress);
      line.update();
    },
    finish() {
      if (latest.size === 0) return;
      line.draw();
      options.write('\n');
    },
  };
}

/** Plan's bar: erased when the plan is made, so that the plan is printed on a clean line. */
export function createPlanProgressBar(options: ProgressBarOptions): ProgressBar<PlanProgress> {
  let latest: PlanProgress | undefined;
  const line = redrawn(options, () => planProgressLine(latest as PlanProgress, options.width ?? 24, options.paint));
  return {
    update(progress) {
      latest = progress;
      line.update();
    },
    finish() {
      if (line.drawn()) options.write('\r\u001b[K');
    },
  };
}

const bar = (done: number, total: number, width: number, paint: Paint) => {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return paint('green', '█'.repeat(filled)) + paint('dim', '░'.repeat(width - filled));
};

/** The bar's text for the latest report of each service. */
export function progressLine(reports: readonly SyncProgress[], width: number, paint: Paint): string {
  const sum = (pick: (p: SyncProgress) => number) => reports.reduce((total, p) => total + pick(p), 0);
  // `done` counts every change that ended, the failed ones among them.
  const finished = sum((p) => p.done);
  const total = finished + sum((p) => p.remaining);
  const rate = sum((p) => p.ratePerSecond);
  const failed = sum((p) => p.failed);
  const parts = [
    `${bar(finished, total, width, paint)} ${finished}/${total}`,
    failed > 0 ? paint('red', `${failed} failed`) : undefined,
    `${rate.toFixed(1)}/s`,
    `${sum((p) => p.callsUsed)} calls`,
    `ETA ${eta(total - finished, rate)}`,
  ];
  return parts.filter((part) => part !== undefined).join('  ');
}

/**
 * The plan's line: reads done of done + left. While the reads left are unknown (the listings'
 * pages are not counted by either service) the bar stays empty, the total reads "?" and the ETA "--:--".
 */
export function planProgressLine(progress: PlanProgress, width: number, paint: Paint): string {
  const { readsDone, readsToDo, ratePerSecond, callsUsed } = progress;
  const total = readsToDo === null ? undefined : readsDone + readsToDo;
  return [
    `${total === undefined ? paint('dim', '░'.repeat(width)) : bar(readsDone, total, width, paint)} ${readsDone}/${total ?? '?'} reads`,
    `${ratePerSecond.toFixed(1)}/s`,
    `${callsUsed.looker + callsUsed.dx} calls`,
    `ETA ${readsToDo === null ? '--:--' : eta(readsToDo, ratePerSecond)}`,
  ].join('  ');
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

/** In JSON mode, at most one progress event a second (the bar redraws ten times a second). */
export const JSON_PROGRESS_INTERVAL_MS = 1000;

/** Progress events for machines: at most one a second, then the last state of each `key` as the run ends. */
export function throttledProgress<T>(emit: (progress: T) => void, now: () => number, key: (progress: T) => string): ProgressBar<T> {
  const pending = new Map<string, T>();
  let last: number | undefined;
  return {
    update(progress) {
      pending.set(key(progress), progress);
      if (last !== undefined && now() - last < JSON_PROGRESS_INTERVAL_MS) return;
      last = now();
      for (const report of pending.values()) emit(report);
      pending.clear();
    },
    finish() {
      for (const report of pending.values()) emit(report);
    },
  };
}
