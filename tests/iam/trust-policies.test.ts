import { expect } from "chai";
import { pipelineFacts, type PipelineFacts, type RoleFacts } from "./support/facts.js";
import * as arn from "./support/arns.js";
import { decide, type Decision } from "./support/simulator.js";
import { capturedStack, stackEnvironment, STACKS } from "../unit/support/captured-stacks.js";

/**
 * Who may assume each role: sts:AssumeRole against the role's trust policy (its
 * resource policy). Only the intended service, only on behalf of this account
 * (aws:SourceAccount, the confused-deputy guard) and, for Managed Flink, which passes
 * aws:SourceArn, only for the pipeline's own application. The service principals are
 * the same in aws-cn; the ARNs are not, so both stacks run.
 */

interface TrustCase {
    label: string;
    principal: string;
    sourceAccount?: string;
    sourceArn?: string;
    expected: Decision;
}

/** `source`: the resource the service acts for, when it passes aws:SourceArn. */
function cases(service: string, otherService: string, f: PipelineFacts, source?: { own: string; other: string }): TrustCase[] {
    const account = f.env.accountId;
    const own = source?.own;
    const list: TrustCase[] = [
        { label: `${service} on behalf of this account`, principal: service, sourceAccount: account, sourceArn: own, expected: "Allowed" },
        { label: `${service} on behalf of another account`, principal: service, sourceAccount: arn.anotherAccount(account), sourceArn: own, expected: "ImplicitlyDenied" },
        { label: `${service} without aws:SourceAccount`, principal: service, sourceArn: own, expected: "ImplicitlyDenied" },
        { label: `${otherService} on behalf of this account`, principal: otherService, sourceAccount: account, sourceArn: own, expected: "ImplicitlyDenied" },
        { label: "an IAM user of this account", principal: `arn:${f.env.partition}:iam::${account}:user/someone`, expected: "ImplicitlyDenied" },
    ];
    if (source) {
        list.push(
            { label: `${service} for another resource of this account`, principal: service, sourceAccount: account, sourceArn: source.other, expected: "ImplicitlyDenied" },
            { label: `${service} without aws:SourceArn`, principal: service, sourceAccount: account, expected: "ImplicitlyDenied" },
        );
    }
    return list;
}

async function assume(role: RoleFacts, f: PipelineFacts, c: TrustCase): Promise<Decision> {
    return decide(
        { principal: c.principal, accountId: c.sourceAccount ?? f.env.accountId },
        {
            action: "sts:AssumeRole",
            resource: role.arn,
            context: {
                ...(c.sourceAccount === undefined ? {} : { "aws:SourceAccount": c.sourceAccount }),
                ...(c.sourceArn === undefined ? {} : { "aws:SourceArn": c.sourceArn }),
            },
        },
        role.trustPolicy,
    );
}

describe("IAM simulation: trust policies", function () {
    this.timeout(120_000);

    for (const stack of STACKS) {
        const env = stackEnvironment(stack);
        describe(`${env.partition} / ${env.region} (Pulumi.${stack}.yaml)`, () => {
            let f: PipelineFacts;
            before(async () => {
                f = pipelineFacts(await capturedStack(stack, "options"));
            });

            const roles: [string, string, string, (f: PipelineFacts) => RoleFacts, ((f: PipelineFacts) => { own: string; other: string })?][] = [
                [
                    "application role",
                    "kinesisanalytics.amazonaws.com",
                    "glue.amazonaws.com",
                    (x) => x.applicationRole,
                    (x) => ({ own: x.applicationArn, other: arn.flinkApplication(x.env, "another-application") }),
                ],
                ["crawler role", "glue.amazonaws.com", "kinesisanalytics.amazonaws.com", (x) => x.crawler!.role],
            ];
            for (const [subject, service, otherService, roleOf, source] of roles) {
                it(`${subject}: only ${service}, only for this account${source ? " and this application" : ""}`, async () => {
                    const results = await Promise.all(
                        cases(service, otherService, f, source?.(f)).map(async (c) => ({ label: c.label, expected: c.expected, got: await assume(roleOf(f), f, c) })),
                    );
                    expect(results.filter((r) => r.got !== r.expected)).to.deep.equal([]);
                });
            }
        });
    }
});
