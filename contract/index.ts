import * as fs from "node:fs";
import * as path from "node:path";
import { loadJobDescriptor, type JobDescriptor } from "./job-descriptor.js";

export * from "./job-descriptor.js";

/**
 * Typed access to contract/: the names, schema and SQL that the component, the
 * PyFlink job and the local pipeline share. The folder is found by walking up
 * from this file, so the same code works from the sources and from the compiled
 * package (dist/contract/ -> contract/ at the package root).
 */

export interface PropertyGroupContract<K extends string> {
    groupId: string;
    keys: Record<K, string>;
    required: string[];
    defaults: Record<string, string>;
    allowed: Record<string, string[]>;
    /** Inclusive ranges of whole-number keys; the component, the job and the local pipeline read them. */
    ranges?: Record<string, { min: number; max: number }>;
}

export interface PropertiesContract {
    /** The run options group, and the default entry point and jar of every job. */
    runOptions: { groupId: string; python: string; jarfile: string };
    input: PropertyGroupContract<
        "streamArn" | "region" | "initPosition" | "initTimestamp" | "readerType" | "efoConsumerName" | "endpoint"
    >;
    output: PropertyGroupContract<"path" | "rejectedPath">;
    aggregation: PropertyGroupContract<"windowSeconds" | "watermarkDelaySeconds" | "eventTimeMaxAheadSeconds">;
}

/** contract/records.json: what the ticker job aggregates, and why it rejects the rest. */
export interface RecordsContract {
    /** What a whole ticker must match (unanchored; anchor it when testing). */
    tickerPattern: string;
    rejectReasons: string[];
}

export interface KinesisActionSet {
    /** Actions whose IAM resource is the stream. */
    stream: string[];
    /** Actions whose IAM resource is the EFO consumer. */
    consumer: string[];
}

export interface KinesisConnectorContract {
    groupId: string;
    artifactId: string;
    version: string;
    tableConnector: string;
    actions: { polling: KinesisActionSet; efo: KinesisActionSet };
}

export function contractDir(): string {
    let dir = __dirname;
    for (;;) {
        const candidate = path.join(dir, "contract");
        if (fs.existsSync(path.join(candidate, "properties.json"))) {
            return candidate;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`contract/properties.json not found above ${__dirname}`);
        }
        dir = parent;
    }
}

function readJson<T>(file: string): T {
    return JSON.parse(fs.readFileSync(path.join(contractDir(), file), "utf8")) as T;
}

export const properties: PropertiesContract = readJson("properties.json");
export const records: RecordsContract = readJson("records.json");
export const kinesisConnector: KinesisConnectorContract = readJson("kinesis-connector.json");

/**
 * The bundled ticker job's descriptor as declared in contract/job.json, without code
 * and with its defaults. `tickerJob()` (components/) sets its parameters.
 */
export const tickerJobDescriptor: JobDescriptor = loadJobDescriptor(contractDir());

/** The contract's ticker rule as a regular expression over the whole string. */
export const TICKER = new RegExp(`^(?:${records.tickerPattern})$`);

/** contract/file-sink.json: how the job's filesystem sink names its part files and success file. */
export interface FileSinkContract {
    /** Committed part files start with this (in-progress ones with a dot). */
    committedFilePrefix: string;
    /** Written into each committed partition. */
    successFile: string;
}

/**
 * How Flink's filesystem sink names what it writes (contract/file-sink.json, which the
 * job reads too). Readers of the job's output (the local pipeline) skip the rest.
 */
const fileSink: FileSinkContract = readJson("file-sink.json");
export const FILE_SINK: Readonly<FileSinkContract> = { committedFilePrefix: fileSink.committedFilePrefix, successFile: fileSink.successFile };
