import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderNamedQuery } from "../contract/index.js";
import type { ResolvedArgs } from "./defaults.js";
import type { BucketRef } from "./storage.js";

/** Athena engine version 3 (Trino), which the jobs' shared SQL targets. */
export const ATHENA_ENGINE_VERSION = "Athena engine version 3";

export interface Athena {
    workgroup: aws.athena.Workgroup;
    /** The job's named queries, by query id. */
    namedQueries: Record<string, aws.athena.NamedQuery>;
}

export interface AthenaInputs {
    args: ResolvedArgs["athena"];
    job: ResolvedArgs["job"];
    bucket: BucketRef;
    resultsPrefix: string;
    databaseName: pulumi.Output<string>;
    /** Deployed Glue table names by table id. */
    tableNames: Record<string, pulumi.Output<string>>;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** A workgroup that forces its settings on every query, and the job's saved queries. */
export function createAthena(name: string, inputs: AthenaInputs, parent: pulumi.Resource): Athena {
    const { args, job, tags } = inputs;
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
                    outputLocation: pulumi.interpolate`s3://${inputs.bucket.name}/${inputs.resultsPrefix}`,
                    encryptionConfiguration: { encryptionOption: "SSE_S3" },
                },
            },
            tags,
        },
        { parent },
    );

    const tables = pulumi.all(inputs.tableNames);
    const namedQueries = Object.fromEntries(
        job.namedQueries.map((q) => [
            q.id,
            new aws.athena.NamedQuery(
                `${name}-query-${q.id}`,
                {
                    name: q.name,
                    description: q.description,
                    workgroup: workgroup.name,
                    database: inputs.databaseName,
                    query: pulumi
                        .all([inputs.databaseName, tables])
                        .apply(([database, tableNames]) => renderNamedQuery(q.sql, { database, tables: tableNames, parameters: job.queryParameters })),
                },
                { parent },
            ),
        ]),
    );
    return { workgroup, namedQueries };
}
