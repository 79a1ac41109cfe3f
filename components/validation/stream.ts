import { STREAM_MODES } from "../args.js";
import type { ResolvedArgs } from "../defaults.js";
import { kinesisStreamArn, kmsKeyArn } from "./aws-names.js";
import type { ArgChecker } from "./checker.js";
import { integer, matches, oneOf } from "./rules.js";

export const KINESIS_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

/** Args of the stream the component creates, or of the existing one it reads. */
export function checkStream(c: ArgChecker, stream: ResolvedArgs["stream"], given: Record<string, unknown>): void {
    c.checkIfKnown("stream.existingArn", stream.existingArn, kinesisStreamArn);
    c.checkIfKnown("stream.kmsKeyArn", stream.kmsKeyArn, kmsKeyArn);
    if (stream.existingArn !== undefined) {
        // Nothing is created for an existing stream, so these would be silently ignored.
        for (const field of ["name", "mode", "shardCount", "retentionHours"] as const) {
            if (given[field] !== undefined) {
                c.report(`stream.${field}`, given[field], "cannot be set with stream.existingArn: the component does not manage an existing stream");
            }
        }
        return;
    }
    if (stream.name !== undefined) c.check("stream.name", stream.name, matches(KINESIS_NAME, "[a-zA-Z0-9_.-]{1,128}"));
    c.check("stream.mode", stream.mode, oneOf(STREAM_MODES));
    c.check("stream.shardCount", stream.shardCount, integer(1));
    c.check("stream.retentionHours", stream.retentionHours, integer(24, 8760));
}
