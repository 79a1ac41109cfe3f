import type { PolicyDocument } from "../../../components/index.js";
import type { PipelineFacts } from "./facts.js";

/**
 * The IAM policy of the article this project started from (an AWS China blog post
 * on PyFlink with Kinesis Data Analytics), statement for statement, with its bucket,
 * code, log and stream names replaced by the pipeline's. Its ARNs stay hard-coded
 * to arn:aws-cn / cn-north-1, as in the article. Used only to show that the probes
 * can fail: a policy like this one must not pass them.
 */
export function seedPolicy(f: PipelineFacts): PolicyDocument {
    const account = f.env.accountId;
    const bucket = `arn:aws-cn:s3:::${f.bucketName}`;
    const streamName = f.streamArn.split("/").pop()!;
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "ReadCode", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${bucket}/${f.codeKey}`] },
            { Sid: "ListCloudwatchLogGroups", Effect: "Allow", Action: ["logs:DescribeLogGroups"], Resource: [`arn:aws-cn:logs:cn-north-1:${account}:log-group:*`] },
            {
                Sid: "ListCloudwatchLogStreams",
                Effect: "Allow",
                Action: ["logs:DescribeLogStreams"],
                Resource: [`arn:aws-cn:logs:cn-north-1:${account}:log-group:${f.logGroupName}:log-stream:*`],
            },
            {
                Sid: "PutCloudwatchLogs",
                Effect: "Allow",
                Action: ["logs:PutLogEvents"],
                Resource: [`arn:aws-cn:logs:cn-north-1:${account}:log-group:${f.logGroupName}:log-stream:${f.logStreamName}`],
            },
            { Sid: "ReadInputStream", Effect: "Allow", Action: ["kinesis:*"], Resource: [`arn:aws-cn:kinesis:cn-north-1:${account}:stream/${streamName}`] },
            {
                Sid: "WriteObjects",
                Effect: "Allow",
                Action: ["s3:Abort*", "s3:DeleteObject*", "s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:ListBucket", "s3:PutObject"],
                Resource: [bucket, `${bucket}/*`],
            },
        ],
    };
}
