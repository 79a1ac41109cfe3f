import { KinesisClient, type KinesisClientConfig } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** Time to open a connection before the attempt fails (and is retried). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
/**
 * Time for a whole PutRecords exchange before it fails (and is retried).
 * Without it a hung request would hold its batch forever: the retry bounds
 * are only checked between attempts.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface KinesisClientOptions {
    /** Default: the SDK's chain (AWS_REGION, profile, ...). */
    region?: string;
    /** A local emulator or a custom endpoint, e.g. http://127.0.0.1:4568. Default: the SDK's (AWS, or AWS_ENDPOINT_URL_KINESIS). */
    endpoint?: string;
    /** Default: the SDK's credential chain. */
    credentials?: KinesisClientConfig["credentials"];
    /** Open connections; should be at least the producer's concurrency. */
    maxSockets?: number;
    connectionTimeoutMs?: number;
    requestTimeoutMs?: number;
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
        // HTTP/1.1 for AWS and emulators alike. The SDK's default handler for
        // Kinesis speaks HTTP/2, which fails with "Protocol error" against
        // kinesis-local and kinesalite, and has no request timeout.
        requestHandler: new NodeHttpHandler({
            httpAgent: agent,
            httpsAgent: agent,
            connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
            requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            // Without this, an exceeded requestTimeout is only logged and the request keeps waiting.
            throwOnRequestTimeout: true,
        }),
    });
}

/** The region inside a stream ARN, `arn:<partition>:kinesis:<region>:<account>:stream/<name>`. */
export function regionOfStreamArn(arn: string): string | undefined {
    return arn.split(":")[3] || undefined;
}
