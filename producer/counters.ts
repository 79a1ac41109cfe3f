/**
 * Running totals of one produce() call, shared by the run, the senders and the
 * progress reporter. Every count is in events (user records) unless it says
 * otherwise, so an aggregated Kinesis record counts all the events it carries.
 */
export class ProduceCounters {
    /** Events taken from the source (generated, or read from the file). */
    generated = 0;
    /** Events in Kinesis records that the stream accepted. */
    delivered = 0;
    /** Events the stream refused until the retries ran out, or that were never sent. */
    failed = 0;
    /** Events sent without an answer (a timeout, a lost response) and never accepted later: the stream may or may not hold them. */
    unknown = 0;
    /** Delivered events that had been sent before without an answer, so the stream may hold them more than once. */
    possiblyDuplicated = 0;
    /** Event re-sends (one event sent three times counts 2). */
    retried = 0;
    /** Event attempts rejected for throughput, per entry or as a whole request. */
    throttled = 0;
    /** Batches dispatched (each is one or more PutRecords calls). */
    batches = 0;
    /** PutRecords calls, retries included. */
    requests = 0;
    /** Kinesis records the stream accepted (with aggregation, each carries many events). */
    kinesisRecords = 0;
    /** Data plus partition-key bytes of the accepted Kinesis records. */
    bytesDelivered = 0;
    /** Batches currently being sent or retried. */
    inFlight = 0;
    /** Failed event attempts by error code, for the summary. */
    readonly errors = new Map<string, number>();

    countError(name: string, events: number): void {
        this.errors.set(name, (this.errors.get(name) ?? 0) + events);
    }
}
