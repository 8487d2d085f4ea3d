import type { SandyLogger } from '../logger';

/**
 * Keeps `size` prepared items ready (here: mounted sandbox storage and
 * cgroups, the slow part of a create), refilled in the background after each
 * take, so `create` does not wait for `mount`. The hosted Sandy and the
 * original Janus keep warm pools for the same reason.
 *
 * @internal
 */
export class WarmPool<T> {
  private readonly items: T[] = [];
  private filling: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly options: {
      size: number;
      prepare: () => Promise<T>;
      dispose: (item: T) => Promise<void>;
      logger: SandyLogger;
    },
  ) {}

  /** A prepared item (made on the spot when the pool is empty); starts a refill. */
  async take(): Promise<T> {
    const item = this.items.shift();
    this.fill();
    return item ?? this.options.prepare();
  }

  /** Tops the pool up in the background (one refill loop at a time). */
  fill(): void {
    if (this.closed || this.filling || this.options.size === 0) return;
    this.filling = (async () => {
      try {
        while (!this.closed && this.items.length < this.options.size) {
          const item = await this.options.prepare();
          if (this.closed) {
            await this.options.dispose(item);
            break;
          }
          this.items.push(item);
        }
      } catch (error) {
        this.options.logger.warn('warm pool refill failed', {
          error: String(error),
        });
      } finally {
        this.filling = null;
      }
    })();
  }

  /** Stops refilling and disposes of every prepared item. */
  async close(): Promise<void> {
    this.closed = true;
    await this.filling;
    await Promise.all(
      this.items.splice(0).map(item => this.options.dispose(item)),
    );
  }
}
