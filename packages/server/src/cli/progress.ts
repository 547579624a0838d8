import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number, stage: string): void;
  stop(): void;
}

/** A progress bar on a terminal; silent when output goes to a file or a pipe. */
export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} {stage} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, stage) {
      if (!started) {
        bar.start(total, done, { stage });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { stage });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
