import * as path from "node:path";
import { DEFAULT_OUTPUT_PREFIX, DEFAULT_REJECTED_PREFIX } from "../components/args.js";

/**
 * The local stand-in for the pipeline's bucket: one folder, with the component's
 * default prefixes as subfolders, so the job writes the same layout as deployed.
 */
export interface BucketFolders {
    root: string;
    /** `output/`: `ticker=<T>/part-*` result files. */
    results: string;
    /** `rejected/`: the records the job could not read. */
    rejected: string;
}

export function bucketFolders(root: string): BucketFolders {
    const folder = (prefix: string) => path.join(root, prefix.replace(/\/$/, ""));
    return { root, results: folder(DEFAULT_OUTPUT_PREFIX), rejected: folder(DEFAULT_REJECTED_PREFIX) };
}
