import { EngineWorkspace } from '@samooh/engine';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../../db/connection.ts';
import { applyVolumeEvents } from './apply-volume-events.ts';
import { refreshProjections } from './refresh-projections.ts';

export interface ProjectorOptions {
  /** How often to look for new volume changes. */
  intervalMs?: number;
  /** How often to recompute every member's standing in full with the engine; 0 never. */
  refreshEveryMs?: number;
}

/**
 * Keeps the open period's live standing current in a server process: applies
 * recorded volume changes every few hundred milliseconds (the table lock lets
 * several processes run one safely), and recomputes everything with the
 * engine now and then, which brings ranks and projected earnings up to date.
 */
export class Projector {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #lastRefresh = 0;
  /** Refreshes run one at a time (each tick waits for the last), so they can share the engine's memory. */
  readonly #workspace = new EngineWorkspace();

  constructor(private readonly handle: DatabaseHandle, private readonly log: Logger, private readonly options: ProjectorOptions = {}) {}

  start(): void {
    const tick = () => {
      this.#running = this.#work().catch((error) => this.log.warn({ err: error }, 'projection update failed; will retry')).finally(() => {
        if (this.#timer !== undefined) this.#timer = setTimeout(tick, this.options.intervalMs ?? 200);
      });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Applies every waiting change, and refreshes in full when it is due. */
  async #work(): Promise<void> {
    const refreshEvery = this.options.refreshEveryMs ?? 15 * 60_000;
    if (refreshEvery > 0 && Date.now() - this.#lastRefresh >= refreshEvery) {
      this.#lastRefresh = Date.now();
      const refreshed = await refreshProjections(this.handle, this.#workspace);
      if (refreshed) this.log.info(refreshed, 'projections refreshed');
    }
    while ((await this.handle.db.transaction().execute((tx) => applyVolumeEvents(tx))) > 0) {
      // keep going until the queue is empty
    }
  }
}
