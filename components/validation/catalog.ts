import { CATALOG_MODES } from "../args.js";
import type { ResolvedArgs } from "../defaults.js";
import type { ArgChecker } from "./checker.js";
import { booleanValue, integer, matches, oneOf } from "./rules.js";

export const CATALOG_NAME = /^[a-z0-9_]{1,255}$/;

export function checkCatalog(c: ArgChecker, catalog: ResolvedArgs["catalog"], job: ResolvedArgs["job"]): void {
    c.check("catalog.mode", catalog.mode, oneOf(CATALOG_MODES));
    c.check("catalog.databaseName", catalog.databaseName, matches(CATALOG_NAME, "[a-z0-9_]{1,255}"));
    c.check("catalog.crawlerSchedule", catalog.crawlerSchedule, matches(/^cron\(.+\)$/, "a Glue cron expression, e.g. cron(0/15 * * * ? *)"));
    if (catalog.mode === "crawler" && Array.isArray(job.tables) && job.tables.every((t) => t.partitionKeys.length === 0)) {
        c.report("catalog.mode", catalog.mode, "needs a partitioned table to crawl; the job declares none (use projection)");
    }
}

export function checkAthena(c: ArgChecker, athena: ResolvedArgs["athena"]): void {
    if (athena.workgroupName !== undefined) {
        c.check("athena.workgroupName", athena.workgroupName, matches(/^[a-zA-Z0-9._-]{1,128}$/, "[a-zA-Z0-9._-]{1,128}"));
    }
    c.check("athena.bytesScannedCutoffPerQuery", athena.bytesScannedCutoffPerQuery, integer(10 * 1024 * 1024));
    c.check("athena.forceDestroy", athena.forceDestroy, booleanValue);
}
