import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedArgs } from "./args.js";
import { namedQueries, renderQuery } from "../contract/index.js";

/** Athena engine version 3 (Trino), which the shared SQL in contract/queries targets. */
export const ATHENA_ENGINE_VERSION = "Athena engine version 3";

export interface Athena {
    workgroup: aws.athena.Workgroup;
    namedQueries: aws.athena.NamedQuery[];
}

export interface AthenaInputs {
    args: ResolvedArgs["athena"];
    bucket: aws.s3.Bucket;
    resultsPrefix: string;
    databaseName: pulumi.Input<string>;
    tableName: pulumi.Input<string>;
    rejectedTableName: pulumi.Input<string>;
    tags: Record<string, string>;
}

/** A workgroup that forces its settings on every query, and the saved queries from contract/queries. */
export function createAthena(name: string, inputs: AthenaInputs, parent: pulumi.Resource): Athena {
    const { args, bucket, tags } = inputs;
    const workgroup = new aws.athena.Workgroup(
        `${name}-workgroup`,
        {
            name: args.workgroupName,
            description: "Queries over the streaming analytics results",
            forceDestroy: args.forceDestroy,
            configuration: {
                // Enforced, so a client cannot send results elsewhere or unencrypted.
                enforceWorkgroupConfiguration: true,
                publishCloudwatchMetricsEnabled: true,
                bytesScannedCutoffPerQuery: args.bytesScannedCutoffPerQuery,
                engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
                resultConfiguration: {
                    outputLocation: pulumi.interpolate`s3://${bucket.bucket}/${inputs.resultsPrefix}`,
                    encryptionConfiguration: { encryptionOption: "SSE_S3" },
                },
            },
            tags,
        },
        { parent },
    );

    const queries = namedQueries.map(
        (q) =>
            new aws.athena.NamedQuery(
                `${name}-query-${q.id}`,
                {
                    name: q.name,
                    description: q.description,
                    workgroup: workgroup.name,
                    database: inputs.databaseName,
                    query: pulumi
                        .all([inputs.databaseName, inputs.tableName, inputs.rejectedTableName])
                        .apply(([database, table, rejectedTable]) =>
                            renderQuery(q.sql, { database, table, rejectedTable, ticker: args.ticker }),
                        ),
                },
                { parent },
            ),
    );
    return { workgroup, namedQueries: queries };
}
