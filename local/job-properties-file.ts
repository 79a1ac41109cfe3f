import * as fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { JobDescriptor } from "../contract/index.js";
import { jobPropertyGroups } from "../components/job-properties.js";
import { tableFolders } from "./bucket-folders.js";

/**
 * Writes the application_properties.json a local job reads through
 * FLINK_APPLICATION_PROPERTIES: the groups the component deploys for the job's
 * descriptor, built by the same function, pointed at an emulator and at a local
 * folder per declared table.
 */
export interface LocalJobProperties {
    /** The job's tables (their prefixes and path properties) and its own property groups. */
    job: Pick<JobDescriptor, "entryPoint" | "jarFile" | "tables" | "propertyGroups">;
    streamArn: string;
    region: string;
    /** The emulator's endpoint, e.g. http://127.0.0.1:4568. */
    endpoint: string;
    /** Local stand-in for the bucket; each table's folder is its prefix below it. */
    outDir: string;
}

export function writeLocalJobProperties(file: string, opts: LocalJobProperties): void {
    const folderUri = (dir: string) => `${pathToFileURL(dir).href}/`;
    const folders = Object.fromEntries(Object.entries(tableFolders(opts.outDir, opts.job.tables)).map(([id, dir]) => [id, folderUri(dir)]));
    const groups = jobPropertyGroups(
        opts.job,
        { streamArn: opts.streamArn, region: opts.region, initialPosition: "TRIM_HORIZON", endpoint: opts.endpoint },
        folders,
    );
    // The service's file format: a list of {PropertyGroupId, PropertyMap}.
    const serviceFormat = groups.map((g) => ({ PropertyGroupId: g.propertyGroupId, PropertyMap: g.propertyMap }));
    fs.writeFileSync(file, JSON.stringify(serviceFormat, null, 2));
}
