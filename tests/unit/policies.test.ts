import { expect } from "chai";
import * as component from "../../components/index.js";

const { applicationPolicyDocument, applicationSourceArn, applicationTrustPolicy, crawlerPolicyDocument, crawlerTrustPolicy, tlsOnlyBucketPolicy } = component;

/**
 * Every statement of every generated document, asserted whole and written out here
 * (not rebuilt with the functions under test), so a wrong document fails.
 */

/** The table and partition calls a crawler makes, in the order the statement lists them. */
const CRAWLER_TABLE_ACTIONS = "GetTable UpdateTable GetPartition GetPartitions BatchGetPartition CreatePartition BatchCreatePartition UpdatePartition BatchUpdatePartition"
    .split(" ")
    .map((a) => `glue:${a}`);

const scope = { partition: "aws-cn", region: "cn-north-1", accountId: "210987654321" };
const streamArn = "arn:aws-cn:kinesis:cn-north-1:210987654321:stream/ticks";
const appOpts = {
    ...scope,
    dnsSuffix: "amazonaws.com.cn",
    streamArn,
    bucketName: "results",
    code: { bucketName: "results", key: "code/flink-app.zip" },
    tablePrefixes: ["output/", "rejected/"],
    logGroupName: "pipe-logs",
    logStreamName: "flink-application",
};

const loggingAndMetrics = [
    {
        Sid: "ReadApplicationCode",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: ["arn:aws-cn:s3:::results/code/flink-app.zip"],
    },
    {
        Sid: "ListOutputPrefixes",
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: ["arn:aws-cn:s3:::results"],
        Condition: { StringLike: { "s3:prefix": ["output/*", "rejected/*"] } },
    },
    {
        Sid: "WriteOutputPrefixes",
        Effect: "Allow",
        Action: [
            "s3:PutObject",
            "s3:GetObject",
            "s3:DeleteObject",
            "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts",
        ],
        Resource: ["arn:aws-cn:s3:::results/output/*", "arn:aws-cn:s3:::results/rejected/*"],
    },
    {
        Sid: "DescribeLogGroups",
        Effect: "Allow",
        Action: ["logs:DescribeLogGroups"],
        Resource: ["arn:aws-cn:logs:cn-north-1:210987654321:log-group:*"],
    },
    {
        Sid: "DescribeOwnLogStreams",
        Effect: "Allow",
        Action: ["logs:DescribeLogStreams"],
        Resource: ["arn:aws-cn:logs:cn-north-1:210987654321:log-group:pipe-logs:log-stream:*"],
    },
    {
        Sid: "WriteOwnLogStream",
        Effect: "Allow",
        Action: ["logs:PutLogEvents"],
        Resource: ["arn:aws-cn:logs:cn-north-1:210987654321:log-group:pipe-logs:log-stream:flink-application"],
    },
    {
        Sid: "PublishMetrics",
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricData"],
        Resource: ["*"],
    },
];

describe("IAM policy documents", () => {
    describe("application role", () => {
        it("grants polling reads on the stream, the code object, the output prefix, its log stream and metrics", () => {
            expect(applicationPolicyDocument(appOpts)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadInputStream",
                        Effect: "Allow",
                        Action: [
                            "kinesis:DescribeStream",
                            "kinesis:ListShards",
                            "kinesis:GetShardIterator",
                            "kinesis:GetRecords",
                        ],
                        Resource: [streamArn],
                    },
                    ...loggingAndMetrics,
                ],
            });
        });

        it("with EFO, grants the EFO stream actions and the consumer actions on that consumer only", () => {
            const doc = applicationPolicyDocument({ ...appOpts, efoConsumerName: "pipe-efo" });
            expect(doc.Statement.slice(0, 2)).to.deep.equal([
                {
                    Sid: "ReadInputStream",
                    Effect: "Allow",
                    Action: [
                        "kinesis:DescribeStream",
                        "kinesis:ListShards",
                        "kinesis:DescribeStreamSummary",
                        "kinesis:RegisterStreamConsumer",
                    ],
                    Resource: [streamArn],
                },
                {
                    Sid: "UseEnhancedFanOutConsumer",
                    Effect: "Allow",
                    // DeregisterStreamConsumer: the connector's default LAZY registration
                    // deregisters the consumer when the job stops.
                    Action: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard", "kinesis:DeregisterStreamConsumer"],
                    Resource: [`${streamArn}/consumer/pipe-efo:*`],
                },
            ]);
            expect(doc.Statement.slice(2)).to.deep.equal(loggingAndMetrics);
        });

        it("grants kms:Decrypt only with a customer key: on that key, through Kinesis in this region", () => {
            const key = "arn:aws-cn:kms:cn-north-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab";
            const withKey = applicationPolicyDocument({ ...appOpts, kmsKeyArn: key });
            expect(withKey.Statement.filter((s) => s.Action.some((a) => a.startsWith("kms:")))).to.deep.equal([
                {
                    Sid: "DecryptInputStream",
                    Effect: "Allow",
                    Action: ["kms:Decrypt"],
                    Resource: [key],
                    Condition: {
                        StringEquals: { "kms:ViaService": "kinesis.cn-north-1.amazonaws.com.cn" },
                    },
                },
            ]);
            const withoutKey = applicationPolicyDocument(appOpts);
            expect(withoutKey.Statement.flatMap((s) => s.Action).filter((a) => a.startsWith("kms:"))).to.deep.equal([]);
        });

        it("names the code object literally: IAM wildcards and variables in its key are escaped", () => {
            const doc = applicationPolicyDocument({ ...appOpts, code: { bucketName: "artifacts", key: "jobs/app*v?${1}.zip" } });
            expect(doc.Statement.find((s) => s.Sid === "ReadApplicationCode")!.Resource).to.deep.equal([
                "arn:aws-cn:s3:::artifacts/jobs/app${*}v${?}${$}{1}.zip",
            ]);
        });

        it("gives every table prefix exactly one write grant and one listing condition", () => {
            const prefixes = ["out/daily/", "out/hourly/", "rejects/"];
            const doc = applicationPolicyDocument({ ...appOpts, tablePrefixes: prefixes });
            const writes = doc.Statement.filter((s) => s.Action.includes("s3:PutObject")).flatMap((s) => s.Resource ?? []);
            expect(writes).to.deep.equal(["arn:aws-cn:s3:::results/out/daily/*", "arn:aws-cn:s3:::results/out/hourly/*", "arn:aws-cn:s3:::results/rejects/*"]);
            const lists = doc.Statement.filter((s) => s.Action.includes("s3:ListBucket"));
            expect(lists.map((s) => s.Condition)).to.deep.equal([{ StringLike: { "s3:prefix": ["out/daily/*", "out/hourly/*", "rejects/*"] } }]);
        });

        it("appends the job's own statements with the stack's partition, region and account filled in", () => {
            const doc = applicationPolicyDocument({
                ...appOpts,
                jobStatements: [
                    { Sid: "ReadDevices", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: ["arn:${partition}:dynamodb:${region}:${account}:table/devices"] },
                    { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:${partition}:sqs:${region}:${account}:alerts"] },
                ],
            });
            expect(doc.Statement.slice(-2)).to.deep.equal([
                { Sid: "ReadDevices", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: ["arn:aws-cn:dynamodb:cn-north-1:210987654321:table/devices"] },
                { Sid: "JobStatement2", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: ["arn:aws-cn:sqs:cn-north-1:210987654321:alerts"] },
            ]);
        });

        it("uses * only for cloudwatch:PutMetricData", () => {
            const doc = applicationPolicyDocument({ ...appOpts, efoConsumerName: "c", kmsKeyArn: "arn:aws-cn:kms:cn-north-1:210987654321:key/k" });
            const starred = doc.Statement.filter((s) => s.Resource?.includes("*"));
            expect(starred.map((s) => s.Action)).to.deep.equal([["cloudwatch:PutMetricData"]]);
        });

        it("builds every ARN in the given partition", () => {
            const commercial = ["arn", "aws"].join(":");
            const doc = applicationPolicyDocument({
                ...appOpts,
                partition: "aws",
                region: "us-east-1",
                dnsSuffix: "amazonaws.com",
                streamArn: `${commercial}:kinesis:us-east-1:210987654321:stream/ticks`,
                kmsKeyArn: `${commercial}:kms:us-east-1:210987654321:key/k`,
                efoConsumerName: "c",
            });
            const arns = doc.Statement.flatMap((s) => s.Resource ?? []).filter((r) => r !== "*");
            // Every statement but PublishMetrics names at least one ARN.
            expect(arns.length).to.be.at.least(doc.Statement.length - 1);
            expect(arns.filter((arn) => !arn.startsWith(`${commercial}:`))).to.deep.equal([]);
            expect(doc.Statement.find((s) => s.Sid === "DecryptInputStream")!.Condition!.StringEquals["kms:ViaService"]).to.equal("kinesis.us-east-1.amazonaws.com");
        });

        it("is trusted by Managed Flink for this account and this application only", () => {
            const sourceArn = "arn:aws-cn:kinesisanalytics:cn-north-1:210987654321:application/ticks";
            expect(applicationTrustPolicy({ accountId: "210987654321", sourceArn })).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AssumedByServiceForThisAccountOnly",
                        Effect: "Allow",
                        Principal: { Service: "kinesisanalytics.amazonaws.com" },
                        Action: ["sts:AssumeRole"],
                        Condition: {
                            StringEquals: { "aws:SourceAccount": "210987654321" },
                            ArnLike: { "aws:SourceArn": sourceArn },
                        },
                    },
                ],
            });
        });

        it("names the application it serves exactly when named, by its resource name when autonamed", () => {
            expect(applicationSourceArn(scope, "ticks", "pipe-application")).to.equal("arn:aws-cn:kinesisanalytics:cn-north-1:210987654321:application/ticks");
            expect(applicationSourceArn(scope, undefined, "pipe-application")).to.equal(
                "arn:aws-cn:kinesisanalytics:cn-north-1:210987654321:application/*pipe-application*",
            );
        });
    });

    describe("crawler role", () => {
        const crawlerOpts = {
            ...scope,
            bucketName: "results",
            tablePrefixes: ["output/"],
            databaseName: "analytics",
            tableNames: ["ticker_averages"],
            crawlerName: "analytics-ticker_averages-crawler",
        };
        const glue = "arn:aws-cn:glue:cn-north-1:210987654321";

        it("reads the output prefix and updates partitions of its one table", () => {
            expect(crawlerPolicyDocument(crawlerOpts)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ListOutputPrefix",
                        Effect: "Allow",
                        Action: ["s3:ListBucket"],
                        Resource: ["arn:aws-cn:s3:::results"],
                        Condition: { StringLike: { "s3:prefix": ["output/*"] } },
                    },
                    {
                        Sid: "LocateBucket",
                        Effect: "Allow",
                        Action: ["s3:GetBucketLocation"],
                        Resource: ["arn:aws-cn:s3:::results"],
                    },
                    {
                        Sid: "ReadOutputObjects",
                        Effect: "Allow",
                        Action: ["s3:GetObject"],
                        Resource: ["arn:aws-cn:s3:::results/output/*"],
                    },
                    {
                        Sid: "ReadDatabase",
                        Effect: "Allow",
                        Action: ["glue:GetDatabase"],
                        Resource: [`${glue}:catalog`, `${glue}:database/analytics`],
                    },
                    {
                        Sid: "ListDatabaseTables",
                        Effect: "Allow",
                        Action: ["glue:GetTables"],
                        Resource: [`${glue}:catalog`, `${glue}:database/analytics`, `${glue}:table/analytics/*`],
                    },
                    {
                        Sid: "UpdateTablePartitions",
                        Effect: "Allow",
                        Action: CRAWLER_TABLE_ACTIONS,
                        Resource: [
                            `${glue}:catalog`,
                            `${glue}:database/analytics`,
                            `${glue}:table/analytics/ticker_averages`,
                        ],
                    },
                    {
                        Sid: "CreateCrawlerLogGroup",
                        Effect: "Allow",
                        Action: ["logs:CreateLogGroup"],
                        Resource: [
                            "arn:aws-cn:logs:cn-north-1:210987654321:log-group:/aws-glue/crawlers",
                            "arn:aws-cn:logs:cn-north-1:210987654321:log-group:/aws-glue/crawlers:*",
                        ],
                    },
                    {
                        Sid: "WriteCrawlerLogStream",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: [
                            "arn:aws-cn:logs:cn-north-1:210987654321:log-group:/aws-glue/crawlers:log-stream:analytics-ticker_averages-crawler",
                        ],
                    },
                ],
            });
        });

        it("covers every partitioned table it crawls: their prefixes and their tables", () => {
            const doc = crawlerPolicyDocument({ ...crawlerOpts, tablePrefixes: ["daily/", "hourly/"], tableNames: ["daily", "hourly"] });
            const bySid = Object.fromEntries(doc.Statement.map((s) => [s.Sid, s]));
            expect(bySid.ListOutputPrefix.Condition).to.deep.equal({ StringLike: { "s3:prefix": ["daily/*", "hourly/*"] } });
            expect(bySid.ReadOutputObjects.Resource).to.deep.equal(["arn:aws-cn:s3:::results/daily/*", "arn:aws-cn:s3:::results/hourly/*"]);
            expect(bySid.UpdateTablePartitions.Resource).to.deep.equal([
                `${glue}:catalog`,
                `${glue}:database/analytics`,
                `${glue}:table/analytics/daily`,
                `${glue}:table/analytics/hourly`,
            ]);
        });

        it("is trusted by Glue for this account only", () => {
            expect(crawlerTrustPolicy({ accountId: "210987654321" }).Statement).to.deep.equal([
                {
                    Sid: "AssumedByServiceForThisAccountOnly",
                    Effect: "Allow",
                    Principal: { Service: "glue.amazonaws.com" },
                    Action: ["sts:AssumeRole"],
                    Condition: { StringEquals: { "aws:SourceAccount": "210987654321" } },
                },
            ]);
        });
    });

    describe("bucket policy", () => {
        it("denies every request without TLS on the bucket and its objects", () => {
            const denyWithoutTls = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: ["s3:*"], Condition: { Bool: { "aws:SecureTransport": "false" } } };
            const resources = ["arn:aws-cn:s3:::results", "arn:aws-cn:s3:::results/*"];
            expect(tlsOnlyBucketPolicy({ partition: "aws-cn", bucketName: "results" })).to.deep.equal({ Version: "2012-10-17", Statement: [{ ...denyWithoutTls, Resource: resources }] });
        });
    });
});
