import type { ResolvedArgs } from "../defaults.js";
import { crawlerName } from "../catalog.js";
import { s3BucketNameProblem } from "./aws-names.js";
import type { ArgChecker } from "./checker.js";
import { limit } from "./limits.js";

const crawlerNameLimit = limit("glue:CreateCrawler.Name");

/** Pulumi autonames a child `<resource name>-<7 random characters>`; S3 bucket names are lower-cased. */
const AUTONAME_SUFFIX = "-0000000";

/**
 * The component name, and the names AWS will see that derive from it or from
 * several args together, each reported at the arg the user set.
 */
export function checkDerivedNames(c: ArgChecker, componentName: string, args: ResolvedArgs): void {
    // Autonamed children are called `<name>-<part>-<7 random chars>`; the stream,
    // application and bucket names have the strictest rules.
    const nameOk = /^[a-zA-Z0-9-]{1,40}$/.test(componentName);
    if (!nameOk) {
        c.report("name", componentName, "the component name must match [a-zA-Z0-9-]{1,40}, because autonamed streams, applications and buckets derive from it");
    }
    if (nameOk && args.bucket.name === undefined && args.bucket.existingName === undefined) {
        const autonamed = `${componentName}-bucket${AUTONAME_SUFFIX}`.toLowerCase();
        const problem = s3BucketNameProblem(autonamed);
        if (problem !== undefined) {
            c.report("name", componentName, `names the autonamed bucket "${autonamed.replace(/0{7}$/, "<random>")}", which ${problem.replace(/^must/, "must")}; set bucket.name or use another component name`);
        }
    }
    const partitioned = args.job.tables.filter((t) => t.partitionKeys.length > 0).map((t) => t.name);
    if (args.catalog.mode === "crawler" && partitioned.length > 0) {
        const name = crawlerName(args.catalog.databaseName, partitioned);
        const problem = crawlerNameLimit(name);
        if (problem !== undefined) {
            c.report("catalog.databaseName", args.catalog.databaseName, `makes the crawler name (<database>-<partitioned tables>-crawler) ${[...name].length} characters long, which ${problem}`);
        }
    }
}
