/**
 * Running totals of one produce() call, shared by the run, the senders and the
 * progress reporter. Every count is in events (user records) unless it says
 * otherwise, so an aggregated Kinesis record counts all the events it carries.
 */
export class ProduceCounters {
    // The fields sit a few to a line, each group with one comment: a list of
    // documented fields one per line repeats its own shape.
    /**
     * What became of the events: taken from the source (generated, or read from the
     * file); in Kinesis records the stream accepted (delivered); refused until the
     * retries ran out, or never sent (failed); sent without an answer (a timeout, a
     * lost response) and never accepted later, so the stream may or may not hold them
     * (unknown); delivered after an unanswered send, so the stream may hold them more
     * than once (possiblyDuplicated).
     */
    generated = 0; delivered = 0; failed = 0; unknown = 0; possiblyDuplicated = 0;
    /** Event re-sends (one event sent three times counts 2), and event attempts rejected for throughput, per entry or as a whole request. */
    retried = 0; throttled = 0;
    /** Batches dispatched (each is one or more PutRecords calls), PutRecords calls with retries, and batches being sent or retried now. */
    batches = 0; requests = 0; inFlight = 0;
    /** Kinesis records the stream accepted (with aggregation, each carries many events), and their data plus partition-key bytes. */
    kinesisRecords = 0; bytesDelivered = 0;
    /** Failed event attempts by error code, for the summary. */
    readonly errors = new Map<string, number>();

    countError(name: string, events: number): void {
        this.errors.set(name, (this.errors.get(name) ?? 0) + events);
    }
}
