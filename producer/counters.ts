/** Running totals of one produce() call, shared by the dispatcher, the senders and the progress reporter. */
export class ProduceCounters {
    /** Events turned into records and handed to a batch. */
    generated = 0;
    /** Records Kinesis accepted. */
    delivered = 0;
    /** Records given up on: retries exhausted, a non-retryable error, or never sent after a fatal error. */
    failed = 0;
    /** Record re-sends (one record sent three times counts 2). */
    retried = 0;
    /** Record attempts rejected for throughput, per entry or as a whole request. */
    throttled = 0;
    /** Batches dispatched (each is one or more PutRecords calls). */
    batches = 0;
    /** PutRecords calls, retries included. */
    requests = 0;
    /** Data plus partition-key bytes of delivered records. */
    bytesDelivered = 0;
    /** Batches currently being sent or retried. */
    inFlight = 0;
    /** Failed record attempts by error code, for the summary. */
    readonly errors = new Map<string, number>();

    countError(name: string, records: number): void {
        this.errors.set(name, (this.errors.get(name) ?? 0) + records);
    }
}
