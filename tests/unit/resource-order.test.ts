import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { StreamingAnalyticsPipeline, type StreamingAnalyticsPipelineArgs } from "../../components/index.js";
import { tickerArgs } from "./support/deploy.js";
import { COMMERCIAL, runWithMocks } from "./support/mocks.js";

/**
 * The orderings AWS needs, which mocks cannot see fail: each resource's dependsOn,
 * read through a transformation on the component (transformations reach every child).
 */
async function dependsOnByName(args: Partial<StreamingAnalyticsPipelineArgs> = {}): Promise<Map<string, string[]>> {
    const names = new Map<pulumi.Resource, string>();
    const dependsOn = new Map<string, string[]>();
    const record: pulumi.ResourceTransformation = ({ resource, name, opts }) => {
        names.set(resource, name);
        const listed = opts.dependsOn === undefined ? [] : Array.isArray(opts.dependsOn) ? opts.dependsOn : [opts.dependsOn];
        dependsOn.set(
            name,
            listed.map((r) => names.get(r as pulumi.Resource) ?? "(not a resource of the component)"),
        );
        return undefined;
    };
    await runWithMocks(COMMERCIAL, () => new StreamingAnalyticsPipeline("pipe", tickerArgs(args), { transformations: [record] }));
    return dependsOn;
}

describe("resource ordering (dependsOn)", () => {
    it("creates the application after its role's permissions, which CreateApplication checks", async () => {
        expect((await dependsOnByName()).get("pipe-application")).to.deep.equal(["pipe-role-policy"]);
    });

    it("uploads the code after versioning is on, or it has no version id to pin", async () => {
        expect((await dependsOnByName()).get("pipe-code")).to.deep.equal(["pipe-bucket-versioning"]);
    });

    it("configures the bucket one change at a time, as S3 requires", async () => {
        const order = await dependsOnByName();
        expect(order.get("pipe-bucket-lifecycle")).to.deep.equal(["pipe-bucket-versioning"]);
        expect(order.get("pipe-bucket-policy")).to.deep.equal(["pipe-bucket-public-access-block"]);
    });

    it("creates the crawler after its role's permissions", async () => {
        expect((await dependsOnByName({ catalog: { mode: "crawler" } })).get("pipe-crawler")).to.deep.equal(["pipe-crawler-role-policy"]);
    });
});
