import type { ResolvedArgs } from "../defaults.js";
import { snsTopicArn } from "./aws-names.js";
import type { ArgChecker } from "./checker.js";
import { limit } from "./limits.js";
import { booleanValue, integer, matches, plainNumber, type Rule } from "./rules.js";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const emailAddress = matches(EMAIL, "an email address (name@domain)");

/**
 * PutMetricAlarm Period: "Valid values are 10, 20, 30, and any multiple of 60." (the
 * model's Period is only an integer >= 1):
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
const alarmPeriod: Rule<unknown> = (v) =>
    typeof v === "number" && ([10, 20, 30].includes(v) || (Number.isSafeInteger(v) && v > 0 && v % 60 === 0))
        ? undefined
        : "must be 10, 20, 30 or a positive multiple of 60 (CloudWatch alarm periods)";

/**
 * The alarm's whole evaluation window, which the API model has no field for:
 * "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For
 * alarms with a period of less than one hour (3,600 seconds), the total evaluation
 * period can't be longer than one day (86,400 seconds)."
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
export function evaluationWindowProblem(periodSeconds: number, evaluationPeriods: number): string | undefined {
    const limit = periodSeconds < 3600 ? 86_400 : 604_800;
    return periodSeconds * evaluationPeriods > limit
        ? `times monitoring.periodSeconds (${periodSeconds}) must be at most ${limit} seconds (CloudWatch's longest evaluation window for that period)`
        : undefined;
}

/** The rules of the monitoring Input args, applied now when known and again when they resolve. */
export const MONITORING_INPUT_RULES = { alarmEmail: [emailAddress], alarmTopicArn: [snsTopicArn] };

export function checkMonitoring(c: ArgChecker, m: ResolvedArgs["monitoring"]): void {
    c.check("monitoring.enabled", m.enabled, booleanValue);
    c.checkIfKnown("monitoring.alarmEmail", m.alarmEmail, ...MONITORING_INPUT_RULES.alarmEmail);
    c.checkIfKnown("monitoring.alarmTopicArn", m.alarmTopicArn, ...MONITORING_INPUT_RULES.alarmTopicArn);
    if (m.alarmEmail !== undefined && m.alarmTopicArn !== undefined) {
        c.report("monitoring.alarmEmail", "[set]", "cannot be set with monitoring.alarmTopicArn: subscribe the address to that topic instead");
    }
    for (const field of ["downtimeThresholdMs", "failedCheckpointsThreshold", "millisBehindLatestThresholdMs", "writeThrottleThreshold"] as const) {
        c.check(`monitoring.${field}`, m[field], limit("cloudwatch:PutMetricAlarm.Threshold"), plainNumber(0));
    }
    c.check("monitoring.periodSeconds", m.periodSeconds, limit("cloudwatch:PutMetricAlarm.Period"), alarmPeriod);
    c.check("monitoring.evaluationPeriods", m.evaluationPeriods, limit("cloudwatch:PutMetricAlarm.EvaluationPeriods"));
    if (alarmPeriod(m.periodSeconds) === undefined && integer(1)(m.evaluationPeriods) === undefined) {
        const problem = evaluationWindowProblem(m.periodSeconds, m.evaluationPeriods);
        if (problem !== undefined) c.report("monitoring.evaluationPeriods", m.evaluationPeriods, problem);
    }
    c.check("monitoring.dashboard", m.dashboard, booleanValue);
}
