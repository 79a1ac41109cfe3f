import * as fs from "node:fs";
import * as path from "node:path";
import type { PipelineJob } from "../../../components/index.js";
import { tempDir } from "./fixtures.js";

/**
 * A job of another shape than the ticker job, as a user would declare it: two
 * partitioned Parquet tables (a date and a region key), an unpartitioned JSON table
 * of rejects, its own queries, property groups and one extra IAM statement.
 */
export function sensorJob(code: PipelineJob["code"]): PipelineJob {
    return {
        name: "sensor-averages",
        description: "Per-device sensor averages",
        code,
        entryPoint: "job.py",
        tables: [
            {
                id: "readings",
                name: "device_averages",
                description: "Windowed statistics per device",
                prefix: "sensors/averages/",
                format: "parquet",
                columns: [
                    { name: "device_id", type: "string" },
                    { name: "window_start", type: "timestamp", comment: "inclusive, UTC" },
                    { name: "avg_temperature", type: "double" },
                    { name: "readings", type: "array<struct<at:timestamp,value:double>>" },
                ],
                partitionKeys: [
                    { name: "dt", type: "string", projection: { type: "date", format: "yyyy-MM-dd", range: ["2026-01-01", "NOW"], interval: 1, unit: "DAYS" } },
                    { name: "region", type: "string", projection: { type: "enum", values: ["eu", "us", "ap"] } },
                ],
                pathProperty: { group: "Sink0", key: "averages.path" },
            },
            {
                id: "hourly",
                name: "device_hourly",
                prefix: "sensors/hourly/",
                format: "parquet",
                columns: [{ name: "device_id", type: "string" }, { name: "max_temperature", type: "double" }],
                partitionKeys: [{ name: "hour", type: "int", projection: { type: "integer", range: [0, 23], digits: 2 } }],
                pathProperty: { group: "Sink0", key: "hourly.path" },
            },
            {
                id: "rejected",
                name: "device_rejects",
                prefix: "sensors/rejected/",
                format: "json",
                columns: [{ name: "reason", type: "string" }, { name: "payload", type: "string" }],
                pathProperty: { group: "Rejects0", key: "path" },
            },
        ],
        namedQueries: [
            {
                id: "latest_per_device",
                name: "Latest reading per device",
                description: "The newest window of every device.",
                sql: 'SELECT * FROM "{{database}}"."{{tables.readings}}" WHERE region = \'{{parameters.region}}\'',
            },
            { id: "rejects", name: "Rejects", sql: 'SELECT count(*) FROM "{{database}}"."{{tables.rejected}}"' },
        ],
        queryParameters: { region: "eu" },
        propertyGroups: { Window0: { "size.seconds": "300", "slide.seconds": "60" } },
        policyStatements: [
            { Sid: "ReadDeviceRegistry", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: ["arn:${partition}:dynamodb:${region}:${account}:table/devices"] },
        ],
    };
}

/** The sensor job as a job folder on disk: job.json and its queries' SQL files. */
export function sensorJobFolder(): string {
    const dir = tempDir("sap-sensor-job-");
    const { code: _code, namedQueries, ...rest } = sensorJob(undefined);
    fs.mkdirSync(path.join(dir, "queries"));
    const onDisk = {
        ...rest,
        namedQueries: (namedQueries ?? []).map(({ sql, ...q }) => {
            fs.writeFileSync(path.join(dir, "queries", `${q.id}.sql`), `${sql}\n`);
            return { ...q, file: `queries/${q.id}.sql` };
        }),
    };
    fs.writeFileSync(path.join(dir, "job.json"), JSON.stringify(onDisk, null, 2));
    return dir;
}
