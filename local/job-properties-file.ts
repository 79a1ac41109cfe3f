import * as fs from "node:fs";
import { pathToFileURL } from "node:url";
import { buildJobPropertyGroups, runOptionsPropertyGroup } from "../components/job-properties.js";
import { bucketFolders } from "./bucket-folders.js";

/**
 * Writes the application_properties.json a local job reads through
 * FLINK_APPLICATION_PROPERTIES: the groups the component deploys, built by the
 * same function, pointed at an emulator and a local folder.
 */
export interface LocalJobProperties {
    streamArn: string;
    region: string;
    /** The emulator's endpoint, e.g. http://127.0.0.1:4568. */
    endpoint: string;
    /** Local stand-in for the bucket; the job writes under its output/ and rejected/. */
    outDir: string;
    windowSeconds?: number;
    watermarkDelaySeconds?: number;
}

export function writeLocalJobProperties(file: string, opts: LocalJobProperties): void {
    const folders = bucketFolders(opts.outDir);
    const folderUri = (dir: string) => `${pathToFileURL(dir).href}/`;
    const groups = [
        runOptionsPropertyGroup(),
        ...buildJobPropertyGroups({
            streamArn: opts.streamArn,
            region: opts.region,
            outputPath: folderUri(folders.results),
            rejectedPath: folderUri(folders.rejected),
            initialPosition: "TRIM_HORIZON",
            windowSeconds: opts.windowSeconds,
            watermarkDelaySeconds: opts.watermarkDelaySeconds,
            endpoint: opts.endpoint,
        }),
    ];
    // The service's file format: a list of {PropertyGroupId, PropertyMap}.
    const serviceFormat = groups.map((g) => ({ PropertyGroupId: g.propertyGroupId, PropertyMap: g.propertyMap }));
    fs.writeFileSync(file, JSON.stringify(serviceFormat, null, 2));
}
