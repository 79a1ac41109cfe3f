/**
 * ARN builders. Every ARN the component writes into a policy comes from here, with
 * the partition passed in (from aws.getPartitionOutput()), so the same code yields
 * `arn:aws-cn:` ARNs in China and `arn:aws-us-gov:` ARNs in GovCloud.
 */

export interface ArnScope {
    partition: string;
    region: string;
    accountId: string;
}

export function s3BucketArn(partition: string, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}`;
}

/** `key` may end in `*` to name every object under a prefix. */
export function s3ObjectArn(partition: string, bucketName: string, key: string): string {
    return `arn:${partition}:s3:::${bucketName}/${key}`;
}

export function logGroupArn(scope: ArnScope, logGroupName: string): string {
    return `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${logGroupName}`;
}

export function logStreamArn(scope: ArnScope, logGroupName: string, logStreamName: string): string {
    return `${logGroupArn(scope, logGroupName)}:log-stream:${logStreamName}`;
}

/**
 * The resource of the EFO consumer actions. The trailing `:*` stands for the
 * consumer's creation timestamp, which AWS appends to the ARN at registration time
 * and which cannot be known in advance (IAM's consumer ARN format requires it).
 */
export function kinesisConsumerArn(streamArn: string, consumerName: string): string {
    return `${streamArn}/consumer/${consumerName}:*`;
}

export function glueCatalogArn(scope: ArnScope): string {
    return `arn:${scope.partition}:glue:${scope.region}:${scope.accountId}:catalog`;
}

export function glueDatabaseArn(scope: ArnScope, databaseName: string): string {
    return `arn:${scope.partition}:glue:${scope.region}:${scope.accountId}:database/${databaseName}`;
}

/** `tableName` may be `*` for every table of the database. */
export function glueTableArn(scope: ArnScope, databaseName: string, tableName: string): string {
    return `arn:${scope.partition}:glue:${scope.region}:${scope.accountId}:table/${databaseName}/${tableName}`;
}
