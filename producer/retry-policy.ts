/**
 * How long a batch keeps retrying its failed entries. Both bounds apply: a
 * batch gives up after `maxAttempts` PutRecords calls or once `maxRetrySeconds`
 * have passed since its first call, whichever comes first; what is still
 * unaccepted then is counted as failed.
 */
export interface RetryPolicy {
    /** PutRecords calls per batch, the first included. */
    maxAttempts: number;
    /** Time from a batch's first call after which no retry is started. */
    maxRetrySeconds: number;
    /** Backoff before retry n is drawn from [0, min(maxDelayMs, baseDelayMs * 2^(n-1))), whole milliseconds. */
    baseDelayMs: number;
    maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
    maxAttempts: 10,
    maxRetrySeconds: 60,
    baseDelayMs: 100,
    maxDelayMs: 5000,
};

/**
 * Exponential backoff with "full jitter" (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"): spreading retries uniformly keeps concurrent batches
 * that were throttled together from retrying together.
 *
 * @param retry 1 for the first retry
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
    return Math.floor(random() * ceiling);
}
