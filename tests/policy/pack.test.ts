import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as rules from "../../policy/rules.js";

/**
 * The pack itself is not instantiated here (its constructor starts a gRPC server that
 * never exits); these check what it is made of.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));

describe("policy pack: composition", () => {
    it("lists every rule policy/rules.ts exports, once, all mandatory", () => {
        const exported = Object.entries(rules)
            .filter(([key, value]) => key !== "policies" && typeof value === "object" && value !== null && "name" in value)
            .map(([, value]) => value);
        expect(rules.policies).to.have.members(exported);
        expect(rules.policies).to.have.length(exported.length);
        const names = rules.policies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(rules.policies.filter((p) => p.enforcementLevel !== "mandatory").map((p) => p.name)).to.deep.equal([]);
    });

    it("policy/index.ts builds the pack from that list", () => {
        const index = fs.readFileSync(path.join(ROOT, "policy", "index.ts"), "utf8");
        expect(index).to.match(/new PolicyPack\("streaming-analytics-pipeline",\s*\{[^}]*\bpolicies\b/);
        expect(index).to.contain('from "./rules"');
    });

    it("policy/package.json depends on the root's versions of @pulumi/policy, @pulumi/pulumi and @pulumi/aws", () => {
        const root = readJson("package.json");
        const pack = readJson("policy/package.json");
        const rootVersions = { ...root.dependencies, ...root.devDependencies };
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/aws"]) {
            expect(pack.dependencies[dep], dep).to.be.a("string").and.equal(rootVersions[dep]);
        }
        expect(pack.devDependencies.typescript).to.equal(root.devDependencies.typescript);
        expect(pack.version, "PolicyPack reads its version from package.json").to.be.a("string").and.not.equal("");
    });

    it("PulumiPolicy.yaml declares the nodejs runtime", () => {
        const yaml = fs.readFileSync(path.join(ROOT, "policy", "PulumiPolicy.yaml"), "utf8");
        expect(yaml).to.match(/^runtime: nodejs$/m);
        expect(yaml).to.match(/^description: /m);
    });
});
