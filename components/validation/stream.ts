import type { ResolvedArgs } from "../defaults.js";
import { kinesisStreamArn, kmsKeyArn } from "./aws-names.js";
import type { ArgChecker } from "./checker.js";
import { limit } from "./limits.js";
import { integer, type Rule } from "./rules.js";

/**
 * Retention: the model's RetentionPeriodHours has no bounds; the Kinesis developer
 * guide documents 24 hours to 365 days:
 * https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html
 */
const retentionHours: Rule<unknown> = (v) => (integer(24, 8760)(v) === undefined ? undefined : "must be an integer from 24 to 8760 (Kinesis retention: 24 hours to 365 days)");

/** The rules of the stream's Input args, applied now when known and again when they resolve. */
export const STREAM_INPUT_RULES = {
    existingArn: [kinesisStreamArn],
    kmsKeyArn: [limit("kinesis:StartStreamEncryption.KeyId"), kmsKeyArn],
};

/** Args of the stream the component creates, or of the existing one it reads. */
export function checkStream(c: ArgChecker, stream: ResolvedArgs["stream"], given: Record<string, unknown>): void {
    c.checkIfKnown("stream.existingArn", stream.existingArn, ...STREAM_INPUT_RULES.existingArn);
    c.checkIfKnown("stream.kmsKeyArn", stream.kmsKeyArn, ...STREAM_INPUT_RULES.kmsKeyArn);
    if (stream.existingArn !== undefined) {
        // Nothing is created for an existing stream, so these would be silently ignored.
        for (const field of ["name", "mode", "shardCount", "retentionHours"] as const) {
            if (given[field] !== undefined) {
                c.report(`stream.${field}`, given[field], "cannot be set with stream.existingArn: the component does not manage an existing stream");
            }
        }
        return;
    }
    if (stream.name !== undefined) c.check("stream.name", stream.name, limit("kinesis:CreateStream.StreamName"));
    c.check("stream.mode", stream.mode, limit("kinesis:CreateStream.StreamModeDetails.StreamMode"));
    c.check("stream.shardCount", stream.shardCount, limit("kinesis:CreateStream.ShardCount"));
    c.check("stream.retentionHours", stream.retentionHours, limit("kinesis:IncreaseStreamRetentionPeriod.RetentionPeriodHours"), retentionHours);
}
