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

/**
 * Text that IAM reads literally in a Resource: `*`, `?` and `$` are wildcards or
 * start a policy variable there, so each becomes IAM's escape (`${*}`, `${?}`,
 * `${$}`). Without it, a code object named `app*.zip` would grant every object
 * whose key starts with `app`.
 */
export function iamLiteral(text: string): string {
    return text.replace(/[$*?]/g, (ch) => `\${${ch}}`);
}

export function s3BucketArn(partition: string, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}`;
}

/** Every object under `prefix` (a validated prefix: no wildcard characters). */
export function s3PrefixArn(partition: string, bucketName: string, prefix: string): string {
    return `arn:${partition}:s3:::${bucketName}/${prefix}*`;
}

/** Exactly one object; its key is escaped, so it names that object only. */
export function s3ObjectArn(partition: string, bucketName: string, key: string): string {
    return `arn:${partition}:s3:::${bucketName}/${iamLiteral(key)}`;
}

/** Every object of a bucket, for the bucket policy's Deny. */
export function s3AllObjectsArn(partition: string, bucketName: string): string {
    return `arn:${partition}:s3:::${bucketName}/*`;
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

/** A Managed Flink application; `applicationName` may end in `*` for an autonamed one. */
export function kinesisAnalyticsApplicationArn(scope: ArnScope, applicationName: string): string {
    return `arn:${scope.partition}:kinesisanalytics:${scope.region}:${scope.accountId}:application/${applicationName}`;
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
