import { expect } from "chai";
import { flinkCheckpointingEnabled, flinkSnapshotsEnabled } from "../../policy/rules.js";
import { capturedStack } from "../unit/support/captured-stacks.js";
import { copyOf, resourceInputs } from "./support/captured.js";
import { runResourceRule, type ResourceInput } from "./support/harness.js";

/** The component's application, with one part of its applicationConfiguration replaced. */
function withConfiguration(app: ResourceInput, change: (c: Record<string, any>) => void): ResourceInput {
    const copy = structuredClone(app);
    change(copy.props.applicationConfiguration as Record<string, any>);
    return copy;
}

describe("policy rules flink-snapshots-enabled and flink-checkpointing-enabled", function () {
    this.timeout(120_000);
    let app: ResourceInput;
    before(async () => {
        app = copyOf(resourceInputs((await capturedStack("cn-north-1", "options")).run), "aws:kinesisanalyticsv2/application:Application");
    });

    it("pass the component's application", async () => {
        expect((await runResourceRule(flinkSnapshotsEnabled, app)).violations).to.deep.equal([]);
        expect((await runResourceRule(flinkCheckpointingEnabled, app)).violations).to.deep.equal([]);
    });

    it("flink-snapshots-enabled rejects snapshots turned off", async () => {
        const off = withConfiguration(app, (c) => (c.applicationSnapshotConfiguration.snapshotsEnabled = false));
        expect((await runResourceRule(flinkSnapshotsEnabled, off)).violations.map((v) => v.message)).to.deep.equal([
            "applicationConfiguration.applicationSnapshotConfiguration.snapshotsEnabled must be true.",
        ]);
    });

    it("flink-snapshots-enabled rejects an application that leaves snapshots unset", async () => {
        const unset = withConfiguration(app, (c) => delete c.applicationSnapshotConfiguration);
        expect((await runResourceRule(flinkSnapshotsEnabled, unset)).violations).to.have.length(1);
    });

    it("flink-checkpointing-enabled rejects CUSTOM checkpointing turned off", async () => {
        const off = withConfiguration(app, (c) => (c.flinkApplicationConfiguration.checkpointConfiguration.checkpointingEnabled = false));
        expect((await runResourceRule(flinkCheckpointingEnabled, off)).violations.map((v) => v.message)).to.deep.equal([
            "checkpointConfiguration is CUSTOM but checkpointingEnabled is not true.",
        ]);
    });

    it("flink-checkpointing-enabled rejects a missing checkpointConfiguration", async () => {
        const unset = withConfiguration(app, (c) => delete c.flinkApplicationConfiguration.checkpointConfiguration);
        expect((await runResourceRule(flinkCheckpointingEnabled, unset)).violations.map((v) => v.message)).to.deep.equal([
            "applicationConfiguration.flinkApplicationConfiguration.checkpointConfiguration is not set.",
        ]);
    });

    it("flink-checkpointing-enabled accepts DEFAULT (the service then always checkpoints)", async () => {
        const byDefault = withConfiguration(app, (c) => (c.flinkApplicationConfiguration.checkpointConfiguration = { configurationType: "DEFAULT" }));
        expect((await runResourceRule(flinkCheckpointingEnabled, byDefault)).violations).to.deep.equal([]);
    });

    it("neither applies to a SQL application", async () => {
        const sql = { ...app, props: { ...app.props, runtimeEnvironment: "SQL-1_0" } };
        expect((await runResourceRule(flinkSnapshotsEnabled, sql)).notApplicable).to.contain("SQL-1_0");
        expect((await runResourceRule(flinkCheckpointingEnabled, sql)).notApplicable).to.contain("SQL-1_0");
    });
});
