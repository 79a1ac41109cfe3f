import {
    KinesisClient,
    PutRecordsCommand,
    type PutRecordsCommandInput,
    type PutRecordsCommandOutput,
    type PutRecordsResultEntry,
} from "@aws-sdk/client-kinesis";
import { mockClient } from "aws-sdk-client-mock";

// The SDK's "Node 20 support ends" warning would only clutter the test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** What the fake does with one entry of one PutRecords call: accept it, or fail it with this ErrorCode. */
export type EntryFault = (call: number, data: string) => string | undefined;
/** Whether the fake fails a whole PutRecords call by throwing this error. */
export type CallFault = (call: number) => Error | undefined;

/**
 * A KinesisClient whose PutRecords is a fault-injecting in-memory stream. It
 * keeps its own tally of what it accepted, failed and received twice, so tests
 * can check the producer's counts against an independent record.
 */
export class FakeKinesis {
    readonly client = new KinesisClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    readonly stub = mockClient(this.client);
    /** Data of accepted records, in acceptance order. */
    readonly accepted: string[] = [];
    /** Data of every entry of every call. */
    readonly received: string[][] = [];
    /** Date.now() as each call arrived, to check pacing and backoff. */
    readonly callTimes: number[] = [];
    entriesFailed = 0;
    entriesThrottled = 0;
    callsRejected = 0;
    recordsInRejectedCalls = 0;
    recordsInThrottledCalls = 0;
    inFlight = 0;
    maxInFlight = 0;

    constructor(
        options: { entryFault?: EntryFault; callFault?: CallFault; delayMs?: number } = {},
    ) {
        let calls = 0;
        this.stub.on(PutRecordsCommand).callsFake(async (input: PutRecordsCommandInput): Promise<PutRecordsCommandOutput> => {
            const call = calls++;
            this.callTimes.push(Date.now());
            this.inFlight++;
            this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
            try {
                await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 0));
                const data = (input.Records ?? []).map((r) => Buffer.from(r.Data!).toString("utf8"));
                this.received.push(data);
                const rejection = options.callFault?.(call);
                if (rejection) {
                    this.callsRejected++;
                    this.recordsInRejectedCalls += data.length;
                    if (rejection.name === "ProvisionedThroughputExceededException") this.recordsInThrottledCalls += data.length;
                    throw rejection;
                }
                let failed = 0;
                const results: PutRecordsResultEntry[] = data.map((d, i) => {
                    const code = options.entryFault?.(call, d);
                    if (code) {
                        failed++;
                        this.entriesFailed++;
                        if (code === "ProvisionedThroughputExceededException") this.entriesThrottled++;
                        return { ErrorCode: code, ErrorMessage: `injected ${code}` };
                    }
                    this.accepted.push(d);
                    return { SequenceNumber: `${call}-${i}`, ShardId: "shardId-000000000000" };
                });
                return { FailedRecordCount: failed, Records: results, $metadata: {} };
            } finally {
                this.inFlight--;
            }
        });
    }

    get calls(): number {
        return this.received.length;
    }

    restore(): void {
        this.stub.restore();
    }
}

/** A small deterministic generator, so fault patterns repeat run to run. */
export function seededUnit(seed: number): () => number {
    let x = seed >>> 0;
    return () => {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        return x / 2 ** 32;
    };
}
