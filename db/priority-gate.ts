/**
 * Runs operations one at a time, urgent ones before any that wait: the embedded database (PGlite) runs one
 * statement at a time for the whole process, and under a crowd of readers a validator's signed write would
 * otherwise wait behind every read queued before it, past its signature's 8 s window (bench/load).
 * The next operation starts on a later turn of the event loop, not in the same one: PGlite's statements run
 * on the main thread, and a queue drained in one turn would hold up the sockets for seconds (Node accepts one
 * new connection per turn).
 */
export class PriorityGate {
  private running = false;
  private readonly urgent: (() => void)[] = [];
  private readonly normal: (() => void)[] = [];

  run<T>(urgent: boolean, operation: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running = true;
        operation()
          .then(resolve, reject)
          .finally(() => {
            const next = this.urgent.shift() ?? this.normal.shift();
            if (next) setImmediate(next);
            else this.running = false;
          });
      };
      if (!this.running) start();
      else (urgent ? this.urgent : this.normal).push(start);
    });
  }
}
