import { expect } from "chai";
import { environmentForRegion } from "./support/mocks.js";
import { stackConfig } from "./support/run-stack.js";
import { BASELINE_CASES, readBaseline, runBaselineCase, type BaselineCase, type BaselineResource, type BaselineRun } from "./support/stack-baseline.js";

/**
 * The committed stacks deploy what they deployed before the job descriptor: every
 * resource with the same type, name and inputs (property groups included), and the
 * same stack outputs, as recorded in tests/unit/fixtures/stack-baseline.json.
 *
 * The only differences are the changes made on purpose, each listed below with its
 * reason and its new value written out. The test applies them to the baseline and
 * then compares everything else whole.
 */

/** Pulumi's marker of a secret value in serialized inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

interface IntendedChange {
    /** Only in these cases (default: every case). */
    cases?: BaselineCase[];
    resource: string;
    /** Dotted path inside the resource's inputs. */
    path: string;
    reason: string;
    /** The new value, from the baseline's own resources where it refers to them. */
    value: (run: BaselineRun, stack: string) => unknown;
}

const OPTIONS: BaselineCase[] = ["dev, options", "cn-north-1, options"];

function envOf(stack: string) {
    return environmentForRegion(stackConfig(stack)["aws:region"]);
}

function stateOf(run: BaselineRun, name: string): BaselineResource {
    const found = run.resources.find((r) => r.name === name);
    if (!found) throw new Error(`the baseline has no ${name}`);
    return found;
}

const INTENDED: IntendedChange[] = [
    {
        resource: "streaming-analytics-role",
        path: "assumeRolePolicy.Statement.0.Condition.ArnLike",
        reason: "aws:SourceArn binds the role to the pipeline's own (autonamed) application",
        value: (_run, stack) => {
            const e = envOf(stack);
            return { "aws:SourceArn": `arn:${e.partition}:kinesisanalytics:${e.region}:${e.accountId}:application/*streaming-analytics-application*` };
        },
    },
    {
        resource: "streaming-analytics-query-rejected_by_reason",
        path: "description",
        reason: "the description named the output's _rejected/ folder, which rejected records left for their own prefix",
        value: () => "Input records the job could not read, counted by reason (written under their own prefix, rejected/ by default).",
    },
    {
        cases: OPTIONS,
        resource: "streaming-analytics-role-policy",
        path: "policy.Statement.2.Condition",
        reason: "kms:Decrypt only through Kinesis in the stack's region",
        value: (_run, stack) => ({
            StringEquals: { "kms:ViaService": `kinesis.${envOf(stack).region}.${envOf(stack).partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}` },
        }),
    },
    {
        resource: "streaming-analytics-application",
        path: "applicationConfiguration.environmentProperties.propertyGroups.3.propertyMap",
        reason: "the job's event-time bound (event.time.max.ahead.seconds) is a tickerJob option, passed with its default",
        value: (run) => ({
            ...(stateOf(run, "streaming-analytics-application").inputs as any).applicationConfiguration.environmentProperties.propertyGroups[3].propertyMap,
            "event.time.max.ahead.seconds": "60",
        }),
    },
    {
        cases: OPTIONS,
        resource: "streaming-analytics-alarms-email",
        path: "endpoint",
        reason: "the stack reads alarmEmail as a secret",
        value: () => ({ secret: "ops@example.com" }),
    },
];

function setPath(target: Record<string, any>, dotted: string, value: unknown): void {
    const parts = dotted.split(".");
    const last = parts.pop()!;
    const node = parts.reduce((n, p) => n[p], target);
    node[last] = value;
}

/** Secrets as `{ secret: value }`, so the expectation can say that a value is secret. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[SECRET_SIG] !== undefined) return { secret: unwrapSecrets(o.value) };
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

function expected(name: BaselineCase, baseline: BaselineRun): BaselineRun {
    const run = structuredClone(baseline);
    for (const change of INTENDED.filter((c) => !c.cases || c.cases.includes(name))) {
        setPath(stateOf(run, change.resource).inputs, change.path, change.value(baseline, BASELINE_CASES[name].stack));
    }
    return run;
}

describe("the committed stacks deploy what they did before the job descriptor", function () {
    this.timeout(120_000);
    const baseline = readBaseline();
    const names = Object.keys(BASELINE_CASES);
    let runs: Record<string, BaselineRun>;

    before(async () => {
        const results = await Promise.all(names.map((n) => runBaselineCase(n)));
        runs = Object.fromEntries(names.map((n, i) => [n, unwrapSecrets(results[i]) as BaselineRun]));
    });

    for (const name of names) {
        it(`${name}: the same resources, inputs and outputs, apart from the intended changes`, () => {
            const want = expected(name, baseline[name]);
            const got = runs[name];
            expect(got.resources.map((r) => `${r.type} ${r.name}`)).to.deep.equal(want.resources.map((r) => `${r.type} ${r.name}`));
            for (const resource of want.resources) {
                expect(stateOf(got, resource.name).inputs, resource.name).to.deep.equal(resource.inputs);
            }
            expect(got.outputs).to.deep.equal(want.outputs);
        });
    }

    it("each intended change is a change: the baseline differs there", () => {
        for (const change of INTENDED) {
            for (const name of names.filter((n) => !change.cases || change.cases.includes(n))) {
                const before = change.path.split(".").reduce<any>((n, p) => n?.[p], stateOf(baseline[name], change.resource).inputs);
                expect(before, `${name} ${change.resource} ${change.path}`).to.not.deep.equal(change.value(baseline[name], BASELINE_CASES[name].stack));
            }
        }
    });
});
