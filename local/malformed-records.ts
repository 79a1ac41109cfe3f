import { PutRecordsCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { records } from "../contract/index.js";
import type { RejectedRecord } from "./committed-output.js";

/**
 * Records the job must reject, one per reject reason, which the local run puts on
 * the stream ahead of the producer's events. Each must come back in `_rejected/`
 * with its reason, and none may cost a window an event: three carry a valid
 * event_time a day ahead of the run, which would make every later event late if a
 * rejected record moved the watermark. Two are valid in every field but their event
 * time: in year 9999, and a day ahead of now (of when Kinesis receives it).
 */
/** A record the job must reject, with the reason it must give. */
export type MalformedRecord = RejectedRecord;

const DAY_MS = 24 * 60 * 60 * 1000;

export function malformedRecords(start: Date, now = new Date()): MalformedRecord[] {
    const ahead = new Date(start.getTime() + DAY_MS).toISOString();
    const byReason: Record<string, string> = {
        malformed_json: '{"event_time": "not closed',
        missing_ticker: JSON.stringify({ event_time: ahead, price: 1.0 }),
        invalid_ticker: JSON.stringify({ event_time: ahead, ticker: 123, price: 1.0 }),
        invalid_price: JSON.stringify({ event_time: ahead, ticker: "AAPL", price: "abc" }),
        invalid_event_time: JSON.stringify({ event_time: "yesterday", ticker: "AAPL", price: 1.0 }),
        event_time_out_of_range: JSON.stringify({ event_time: "9999-12-31T23:59:30Z", ticker: "AAPL", price: 1.0 }),
        event_time_ahead: JSON.stringify({ event_time: new Date(now.getTime() + DAY_MS).toISOString(), ticker: "AAPL", price: 1.0 }),
    };
    return records.rejectReasons.map((reason) => {
        const payload = byReason[reason];
        if (payload === undefined) throw new Error(`no malformed record for reject reason '${reason}' (contract/records.json)`);
        return { reason, payload };
    });
}

/** One PutRecords call; throws unless Kinesis accepted every record. */
export async function putMalformedRecords(client: KinesisClient, streamArn: string, records: MalformedRecord[]): Promise<void> {
    const response = await client.send(
        new PutRecordsCommand({
            StreamARN: streamArn,
            Records: records.map((r, i) => ({ Data: Buffer.from(r.payload, "utf8"), PartitionKey: `malformed-${i}` })),
        }),
    );
    if ((response.FailedRecordCount ?? 0) > 0) {
        throw new Error(`the stream refused ${response.FailedRecordCount} of ${records.length} malformed records`);
    }
}

/** Every difference between the malformed records sent and the rejected records committed. */
export function compareRejected(sent: readonly MalformedRecord[], rejected: readonly RejectedRecord[]): string[] {
    const key = (r: MalformedRecord) => `${r.reason} ${r.payload}`;
    const remaining = new Map<string, number>();
    for (const r of rejected) remaining.set(key(r), (remaining.get(key(r)) ?? 0) + 1);
    const problems: string[] = [];
    for (const r of sent) {
        const n = remaining.get(key(r)) ?? 0;
        if (n === 0) problems.push(`rejected record missing: ${r.reason} ${JSON.stringify(r.payload)}`);
        else remaining.set(key(r), n - 1);
    }
    for (const [k, n] of remaining) if (n > 0) problems.push(`rejected ${n} time(s) but not sent as malformed: ${k}`);
    return problems;
}
