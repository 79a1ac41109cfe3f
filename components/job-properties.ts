import { properties, type JobDescriptor } from "../contract/index.js";
import type { InitialPosition, ReaderType } from "./args.js";
import { DEFAULTS } from "./defaults.js";

/**
 * The runtime properties a job reads, built from plain values: the run options, the
 * input stream (contract/properties.json), each table's folder (its declared
 * pathProperty) and the job's own groups. The component feeds them to Managed Flink;
 * the local pipeline feeds the same groups (plus an emulator endpoint) to a local
 * Flink, so both run the job identically.
 */

export interface PropertyGroup {
    propertyGroupId: string;
    propertyMap: Record<string, string>;
}

export interface InputStreamOptions {
    /** ARN of the Kinesis stream the job reads. */
    streamArn: string;
    /** Region of the stream. */
    region: string;
    /** @default "LATEST" */
    initialPosition?: InitialPosition;
    /** Required with AT_TIMESTAMP; ignored otherwise. */
    initialTimestamp?: string;
    /** @default "POLLING" */
    readerType?: ReaderType;
    /** Required with EFO; ignored otherwise. */
    efoConsumerName?: string;
    /** Kinesis endpoint override, for local emulators only. */
    endpoint?: string;
}

/**
 * A folder the job writes to, for a bucket prefix: the s3a scheme (Flink's S3
 * filesystem plugin) and a trailing slash, as the job expects.
 */
export function jobOutputPath(bucketName: string, outputPrefix: string): string {
    const prefix = outputPrefix.replace(/^\/+/, "");
    return `s3a://${bucketName}/${prefix.endsWith("/") ? prefix : `${prefix}/`}`;
}

/** `kinesis.analytics.flink.run.options`: tells Managed Flink how to start a Python job. */
export function runOptionsPropertyGroup(job: Pick<JobDescriptor, "entryPoint" | "jarFile"> = {}): PropertyGroup {
    return {
        propertyGroupId: properties.runOptions.groupId,
        propertyMap: { python: job.entryPoint ?? DEFAULTS.job.entryPoint, jarfile: job.jarFile ?? DEFAULTS.job.jarFile },
    };
}

/**
 * InputStream0, with the contract's defaults. The values are the component's checked
 * args (validation/application.ts checks them against the contract's allowed values);
 * a timestamp or consumer name that the position or reader needs must be there.
 */
export function inputStreamPropertyGroup(opts: InputStreamOptions): PropertyGroup {
    const input = properties.input;
    const keys = input.keys;
    const initialPosition = opts.initialPosition ?? DEFAULTS.application.initialPosition;
    const readerType = opts.readerType ?? DEFAULTS.application.readerType;
    const map: Record<string, string> = {
        [keys.streamArn]: opts.streamArn,
        [keys.region]: opts.region,
        [keys.initPosition]: initialPosition,
        [keys.readerType]: readerType,
    };
    if (initialPosition === "AT_TIMESTAMP") {
        if (!opts.initialTimestamp) throw new Error("inputStreamPropertyGroup: initialTimestamp is required with AT_TIMESTAMP");
        map[keys.initTimestamp] = opts.initialTimestamp;
    }
    if (readerType === "EFO") {
        if (!opts.efoConsumerName) throw new Error("inputStreamPropertyGroup: efoConsumerName is required with EFO");
        map[keys.efoConsumerName] = opts.efoConsumerName;
    }
    if (opts.endpoint !== undefined) map[keys.endpoint] = opts.endpoint;
    return { propertyGroupId: input.groupId, propertyMap: map };
}

/**
 * Every group the job gets, in order: run options, the input stream, each table's
 * folder (`tableFolders` by table id, e.g. `s3a://bucket/output/`) under its
 * pathProperty, then the job's own groups. Groups that share an id are merged;
 * validation makes sure no key is set twice.
 */
export function jobPropertyGroups(
    job: Pick<JobDescriptor, "entryPoint" | "jarFile" | "tables" | "propertyGroups">,
    input: InputStreamOptions,
    tableFolders: Record<string, string>,
): PropertyGroup[] {
    const groups: PropertyGroup[] = [runOptionsPropertyGroup(job), inputStreamPropertyGroup(input)];
    const set = (group: string, key: string, value: string) => {
        let found = groups.find((g) => g.propertyGroupId === group);
        if (!found) groups.push((found = { propertyGroupId: group, propertyMap: {} }));
        found.propertyMap[key] = value;
    };
    for (const table of job.tables) {
        const folder = tableFolders[table.id];
        if (folder === undefined) throw new Error(`jobPropertyGroups: no folder for table "${table.id}"`);
        set(table.pathProperty.group, table.pathProperty.key, folder);
    }
    for (const [group, map] of sentJobPropertyGroups(job.propertyGroups)) {
        for (const [key, value] of Object.entries(map)) set(group, key, value);
    }
    return groups;
}

/** The job's own groups that are sent: a group with no key adds nothing, so none is sent for it. */
export function sentJobPropertyGroups<M extends object>(groups: Record<string, M> | undefined): Array<[string, M]> {
    return Object.entries(groups ?? {}).filter(([, map]) => Object.keys(map ?? {}).length > 0);
}
