/**
 * The longest delay setTimeout takes (a signed 32-bit millisecond count, about
 * 24.8 days). Node cuts a longer one to 1 ms with a TimeoutOverflowWarning, so
 * a tiny --rate would spin instead of waiting.
 */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Resolves after `ms`, or as soon as `signal` aborts (without throwing: callers re-check their stop conditions). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
        let remaining = ms;
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", done);
            resolve();
        };
        // Waits in chunks setTimeout can take, re-arming until the whole delay has passed.
        const waitNextChunk = () => {
            if (remaining <= 0) return done();
            const chunk = Math.min(remaining, MAX_TIMEOUT_MS);
            remaining -= chunk;
            timer = setTimeout(waitNextChunk, chunk);
        };
        signal?.addEventListener("abort", done, { once: true });
        waitNextChunk();
    });
}
