import type { JobPolicyStatement } from "../../contract/index.js";
import { APPLICATION_STATEMENT_IDS } from "../policies.js";
import type { ArgChecker } from "./checker.js";
import { isString } from "./rules.js";

/** `service:Action`, no wildcard: the job names what it calls. */
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;
const SID = /^[A-Za-z0-9]{1,128}$/;

/** The job's extra statements for the application role: exact actions, Allow only, partition from the stack. */
export function checkJobPolicyStatements(c: ArgChecker, statements: JobPolicyStatement[], n: (path: string) => string): void {
    const sids = new Set<string>(APPLICATION_STATEMENT_IDS);
    statements.forEach((s, i) => {
        const at = `policyStatements[${i}]`;
        if (s.Effect !== "Allow") c.report(n(`${at}.Effect`), s.Effect, 'must be "Allow": the role denies everything it is not granted');
        if (!Array.isArray(s.Action) || s.Action.length === 0) c.report(n(`${at}.Action`), s.Action, "must list at least one action");
        (Array.isArray(s.Action) ? s.Action : []).forEach((a, j) =>
            c.check(n(`${at}.Action[${j}]`), a, (v) => (isString(v) && ACTION.test(v) ? undefined : "must be one exact service:Action, without wildcards")),
        );
        if (!Array.isArray(s.Resource) || s.Resource.length === 0) c.report(n(`${at}.Resource`), s.Resource, "must list at least one resource ARN");
        (Array.isArray(s.Resource) ? s.Resource : []).forEach((r, j) =>
            c.check(n(`${at}.Resource[${j}]`), r, (v) =>
                !isString(v) || v.length === 0
                    ? "must be a resource ARN"
                    : v.startsWith("arn:") && !v.startsWith("arn:${partition}:")
                      ? "must start with arn:${partition}: so that it is right in every partition (AWS China is aws-cn)"
                      : undefined,
            ),
        );
        if (s.Sid !== undefined) {
            if (!isString(s.Sid) || !SID.test(s.Sid)) c.report(n(`${at}.Sid`), s.Sid, "must match [A-Za-z0-9]{1,128}");
            else if (sids.has(s.Sid)) c.report(n(`${at}.Sid`), s.Sid, "must differ from the Sids of the component's own statements and the job's other statements");
            else sids.add(s.Sid);
        }
    });
}
