/**
 * Ctrl-C, `kill` and a closed terminal all stop a local run the same way: the run
 * finishes its current step and stops every process it started. Without a
 * handler, Node dies at once on SIGTERM or SIGHUP and leaves the Flink job (in its
 * own process group) and the emulator running.
 */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * Aborts `controller` on the first stop signal. Later signals are ignored rather
 * than fatal: quitting mid-shutdown would leave the JVM and the emulator running.
 * Returns a function that removes the handlers.
 */
export function abortOnStopSignals(controller: AbortController, onFirst?: (signal: NodeJS.Signals) => void): () => void {
    const handler = (signal: NodeJS.Signals) => {
        if (controller.signal.aborted) return;
        onFirst?.(signal);
        controller.abort();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, handler);
    return () => {
        for (const signal of STOP_SIGNALS) process.removeListener(signal, handler);
    };
}
