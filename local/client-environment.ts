import type { KinesisEmulator } from "./kinesis-emulator.js";

/**
 * What a producer of its own (boto3, the AWS CLI, a service) needs to write to
 * a local stream. Current botocore (1.31+) and the AWS CLI read the service's
 * endpoint from AWS_ENDPOINT_URL_KINESIS; kinesis-local takes the access key id
 * as the account of the stream's ARN, and accepts any secret.
 */
export const LOCAL_SECRET_ACCESS_KEY = "local-secret";

export function clientEnvironment(emulator: Pick<KinesisEmulator, "endpoint" | "region" | "accountId">): Record<string, string> {
    return {
        AWS_ENDPOINT_URL_KINESIS: emulator.endpoint,
        AWS_REGION: emulator.region,
        AWS_DEFAULT_REGION: emulator.region,
        AWS_ACCESS_KEY_ID: emulator.accountId,
        AWS_SECRET_ACCESS_KEY: LOCAL_SECRET_ACCESS_KEY,
    };
}

/**
 * The lines `--serve` prints for a client: where the stream is, and how to reach it.
 * The sample records are the ticker job's; another job's records (`job.isTickerJob`
 * false) come from a file of its own, one JSON object a line.
 */
export function clientInstructions(emulator: KinesisEmulator, streamName: string, streamArn: string, tickerJob = true): string[] {
    const env = clientEnvironment(emulator);
    const samples = tickerJob
        ? [
              `aws kinesis put-record --stream-name ${streamName} --partition-key AAPL --cli-binary-format raw-in-base64-out \\`,
              `    --data '{"event_time": "'$(date -u +%Y-%m-%dT%H:%M:%S)'", "ticker": "AAPL", "price": 101.5}'`,
              `python -c 'import boto3, json; boto3.client("kinesis").put_record(StreamName="${streamName}", Data=json.dumps({"event_time": "2026-01-01T00:00:00", "ticker": "AAPL", "price": 1.0}), PartitionKey="AAPL")'`,
          ]
        : [`aws kinesis put-record --stream-name ${streamName} --partition-key key-1 --cli-binary-format raw-in-base64-out --data "$(head -n 1 events.jsonl)"`];
    return [
        `endpoint    ${emulator.endpoint} (plain HTTP; https://127.0.0.1:${emulator.tlsPort} serves the same with a self-signed certificate)`,
        `stream      ${streamName}`,
        `stream ARN  ${streamArn}`,
        "",
        "# boto3 and the AWS CLI, in another shell:",
        ...Object.entries(env).map(([key, value]) => `export ${key}=${value}`),
        "# (AWS CLI v2 reads --data as base64 unless given --cli-binary-format raw-in-base64-out; v1 takes it as text)",
        ...samples,
        `npm run produce -- --stream-name ${streamName} --endpoint ${emulator.endpoint} --from-file events.jsonl`,
    ];
}
