import { expect } from "chai";
import {
    applicationPolicyDocument,
    applicationTrustPolicy,
    crawlerPolicyDocument,
    crawlerTrustPolicy,
    tlsOnlyBucketPolicy,
} from "../../components/index.js";
import { pipelineFacts } from "./support/facts.js";
import { capturedStack, stackEnvironment, STACKS, VARIANTS } from "./support/stacks.js";

/**
 * The simulations run on the documents captured from the real stacks. Those must be
 * exactly what the component's pure policy functions return for the deployed names,
 * so the simulation speaks for the functions (and their unit tests) as well.
 */

describe("IAM simulation: captured documents are the component's pure functions' output", function () {
    this.timeout(120_000);

    for (const stack of STACKS) {
        const env = stackEnvironment(stack);
        for (const variant of VARIANTS) {
            it(`${env.partition} / ${env.region}, ${variant}`, async () => {
                const f = pipelineFacts(await capturedStack(stack, variant));
                const scope = { partition: env.partition, region: env.region, accountId: env.accountId };

                expect(f.applicationRole.policy).to.deep.equal(
                    applicationPolicyDocument({
                        ...scope,
                        streamArn: f.streamArn,
                        bucketName: f.bucketName,
                        codeKey: f.codeKey,
                        outputPrefix: f.outputPrefix,
                        rejectedPrefix: f.rejectedPrefix,
                        logGroupName: f.logGroupName,
                        logStreamName: f.logStreamName,
                        kmsKeyArn: f.kmsKeyArn,
                        efoConsumerName: f.efoConsumerName,
                    }),
                );
                expect(f.applicationRole.trustPolicy).to.deep.equal(applicationTrustPolicy({ accountId: env.accountId }));
                expect(f.bucketPolicy).to.deep.equal(tlsOnlyBucketPolicy({ partition: env.partition, bucketName: f.bucketName }));

                if (variant === "defaults") {
                    expect(f.crawler).to.equal(undefined);
                    return;
                }
                expect(f.kmsKeyArn, "options variant has a customer key").to.be.a("string");
                expect(f.efoConsumerName, "options variant reads with EFO").to.be.a("string");
                const crawler = f.crawler!;
                expect(crawler.role.policy).to.deep.equal(
                    crawlerPolicyDocument({
                        ...scope,
                        bucketName: f.bucketName,
                        outputPrefix: f.outputPrefix,
                        databaseName: f.databaseName,
                        tableName: f.tableName,
                        crawlerName: crawler.name,
                    }),
                );
                expect(crawler.role.trustPolicy).to.deep.equal(crawlerTrustPolicy({ accountId: env.accountId }));
            });
        }
    }
});
