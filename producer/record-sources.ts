import * as fs from "node:fs";
import { MAX_BYTES_PER_RECORD, userRecordOf, type UserRecord } from "./batching.js";
import type { EventGenerator } from "./events.js";
import { LineReader } from "./line-reader.js";
import { fieldKeyOf, keyField, partitionKeyFor, randomKeys, type PartitionKeyMode } from "./partition-key.js";
import type { FileReplaySummary } from "./summary.js";

/** Where a run's user records come from, in the order they are sent. */
export interface UserRecordSource {
    /** The next user record; undefined once the source is exhausted (the generator never is). */
    next(): UserRecord | undefined;
    close(): void;
}

/** Seeded ticker events, each serialized as JSON. */
export class GeneratedEvents implements UserRecordSource {
    private readonly keyFor;

    constructor(
        private readonly generator: EventGenerator,
        mode: "ticker" | "random",
        seed: number,
    ) {
        this.keyFor = partitionKeyFor(mode, seed);
    }

    next(): UserRecord {
        const event = this.generator.next();
        return userRecordOf(event, this.keyFor(event));
    }

    close(): void {}
}

/** Why `file` cannot be replayed, or undefined when it can be opened for reading. */
export function unreadableFileProblem(file: string): string | undefined {
    let stats: fs.Stats;
    try {
        stats = fs.statSync(file);
    } catch {
        return "does not exist";
    }
    if (stats.isDirectory()) return "is a directory; give a JSON Lines file";
    try {
        fs.accessSync(file, fs.constants.R_OK);
    } catch {
        return "cannot be read";
    }
    return undefined;
}

/**
 * The lines of a JSON Lines file, each sent byte for byte as one record, in
 * file order. Lines are not checked: the job is the judge of its records, and
 * rejects a malformed one with its reason. Empty lines carry no record and are
 * skipped (and counted).
 */
export class FileLines implements UserRecordSource {
    private readonly reader: LineReader;
    private readonly field: string | undefined;
    private readonly randomKey: () => string;
    private blankLines = 0;
    private unkeyedLines = 0;

    constructor(
        private readonly path: string,
        mode: PartitionKeyMode,
        seed: number,
    ) {
        // Lines are kept up to the record limit, enough to tell that a longer one cannot be sent.
        this.reader = new LineReader(path, MAX_BYTES_PER_RECORD);
        this.field = keyField(mode);
        this.randomKey = randomKeys(seed);
    }

    next(): UserRecord | undefined {
        for (let line = this.reader.next(); line !== undefined; line = this.reader.next()) {
            if (line.length === 0) {
                this.blankLines++;
                continue;
            }
            const key = this.field === undefined ? undefined : fieldKeyOf(line, this.field);
            if (this.field !== undefined && key === undefined) this.unkeyedLines++;
            return { data: line, partitionKey: key ?? this.randomKey() };
        }
        return undefined;
    }

    close(): void {
        this.reader.close();
    }

    summary(): FileReplaySummary {
        return { path: this.path, blankLines: this.blankLines, unkeyedLines: this.unkeyedLines };
    }
}
