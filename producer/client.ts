import { KinesisClient, type KinesisClientConfig } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

export interface KinesisClientOptions {
    /** Default: the SDK's chain (AWS_REGION, profile, ...). */
    region?: string;
    /** A local emulator or a custom endpoint, e.g. http://127.0.0.1:4568. */
    endpoint?: string;
    /** Default: the SDK's credential chain. */
    credentials?: KinesisClientConfig["credentials"];
    /** Open connections; should be at least the producer's concurrency. */
    maxSockets?: number;
}

/**
 * A client for the producer. It makes a single attempt per call, because
 * produce() retries by itself, per failed entry, and counts what it retries.
 */
export function createKinesisClient(options: KinesisClientOptions = {}): KinesisClient {
    const agent = { keepAlive: true, maxSockets: options.maxSockets ?? 50 };
    return new KinesisClient({
        region: options.region,
        endpoint: options.endpoint,
        credentials: options.credentials,
        maxAttempts: 1,
        // The SDK's default handler for Kinesis speaks HTTP/2, which fails with
        // "Protocol error" against kinesis-local and kinesalite.
        requestHandler: options.endpoint
            ? new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent, connectionTimeout: 5000, requestTimeout: 30000 })
            : undefined,
    });
}

/** The region inside a stream ARN, `arn:<partition>:kinesis:<region>:<account>:stream/<name>`. */
export function regionOfStreamArn(arn: string): string | undefined {
    return arn.split(":")[3] || undefined;
}
