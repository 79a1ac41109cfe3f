import { expect } from "chai";
import { pipelineFacts, type PipelineFacts, type RoleFacts } from "./support/facts.js";
import * as arn from "./support/arns.js";
import { decide, type Decision } from "./support/simulator.js";
import { capturedStack, stackEnvironment, STACKS } from "./support/stacks.js";
import { countPassed } from "./support/tally.js";

/**
 * Who may assume each role: sts:AssumeRole against the role's trust policy (its
 * resource policy). Only the intended service, and only on behalf of this account
 * (aws:SourceAccount, the confused-deputy guard). The service principals are the
 * same in aws-cn.
 */

interface TrustCase {
    label: string;
    principal: string;
    sourceAccount?: string;
    expected: Decision;
}

function cases(service: string, otherService: string, f: PipelineFacts): TrustCase[] {
    return [
        { label: `${service} on behalf of this account`, principal: service, sourceAccount: f.env.accountId, expected: "Allowed" },
        { label: `${service} on behalf of another account`, principal: service, sourceAccount: arn.anotherAccount(f.env.accountId), expected: "ImplicitlyDenied" },
        { label: `${service} without aws:SourceAccount`, principal: service, expected: "ImplicitlyDenied" },
        { label: `${otherService} on behalf of this account`, principal: otherService, sourceAccount: f.env.accountId, expected: "ImplicitlyDenied" },
        { label: "an IAM user of this account", principal: `arn:${f.env.partition}:iam::${f.env.accountId}:user/someone`, expected: "ImplicitlyDenied" },
    ];
}

async function assume(role: RoleFacts, f: PipelineFacts, c: TrustCase): Promise<Decision> {
    return decide(
        { principal: c.principal, accountId: c.sourceAccount ?? f.env.accountId },
        {
            action: "sts:AssumeRole",
            resource: role.arn,
            context: c.sourceAccount === undefined ? {} : { "aws:SourceAccount": c.sourceAccount },
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

            const roles: [string, string, string, (f: PipelineFacts) => RoleFacts][] = [
                ["application role", "kinesisanalytics.amazonaws.com", "glue.amazonaws.com", (x) => x.applicationRole],
                ["crawler role", "glue.amazonaws.com", "kinesisanalytics.amazonaws.com", (x) => x.crawler!.role],
            ];
            for (const [subject, service, otherService, roleOf] of roles) {
                it(`${subject}: only ${service}, only for this account`, async () => {
                    const results = await Promise.all(
                        cases(service, otherService, f).map(async (c) => ({ label: c.label, expected: c.expected, got: await assume(roleOf(f), f, c) })),
                    );
                    expect(results.filter((r) => r.got !== r.expected)).to.deep.equal([]);
                    countPassed(env.partition, `${subject} trust`, "allowed", results.filter((r) => r.expected === "Allowed").length);
                    countPassed(env.partition, `${subject} trust`, "denied", results.filter((r) => r.expected !== "Allowed").length);
                });
            }
        });
    }
});
