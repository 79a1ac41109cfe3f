import { CATALOG_MODES } from "../args.js";
import type { ResolvedArgs } from "../defaults.js";
import type { ArgChecker } from "./checker.js";
import { limit } from "./limits.js";
import { booleanValue, matches, oneOf } from "./rules.js";

/**
 * Glue takes any single-line name up to 255 characters; Athena reads only lower-case
 * letters, digits and underscores in database, table and column names:
 * https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
 */
export const CATALOG_NAME = /^[a-z0-9_]{1,255}$/;
export const athenaName = matches(CATALOG_NAME, "[a-z0-9_]{1,255} (names Athena can query)");

export function checkCatalog(c: ArgChecker, catalog: ResolvedArgs["catalog"], job: ResolvedArgs["job"]): void {
    c.check("catalog.mode", catalog.mode, oneOf(CATALOG_MODES));
    c.check("catalog.databaseName", catalog.databaseName, limit("glue:CreateDatabase.DatabaseInput.Name"), limit("athena:CreateNamedQuery.Database"), athenaName);
    c.check("catalog.crawlerSchedule", catalog.crawlerSchedule, matches(/^cron\(.+\)$/, "a Glue cron expression, e.g. cron(0/15 * * * ? *)"));
    if (catalog.mode === "crawler" && Array.isArray(job.tables) && job.tables.every((t) => t.partitionKeys.length === 0)) {
        c.report("catalog.mode", catalog.mode, "needs a partitioned table to crawl; the job declares none (use projection)");
    }
}

export function checkAthena(c: ArgChecker, athena: ResolvedArgs["athena"]): void {
    if (athena.workgroupName !== undefined) {
        c.check("athena.workgroupName", athena.workgroupName, limit("athena:CreateWorkGroup.Name"));
    }
    c.check("athena.bytesScannedCutoffPerQuery", athena.bytesScannedCutoffPerQuery, limit("athena:CreateWorkGroup.Configuration.BytesScannedCutoffPerQuery"));
    c.check("athena.forceDestroy", athena.forceDestroy, booleanValue);
}
