import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { DEFAULTS, TICKER_JOB_DEFAULTS } from "../../components/index.js";

/**
 * Each default lives in one place (DEFAULTS, TICKER_JOB_DEFAULTS); the args' JSDoc
 * `@default` quotes it for readers of the types. A quoted value that is plain JSON
 * must be the value the code uses, so the two cannot drift apart. (Prose defaults,
 * such as "autonamed from the component name", are left to the reader.)
 */

const ROOT = path.resolve(__dirname, "..", "..");

/** `{ member: @default text }` of one interface. */
function documentedDefaults(file: string, interfaceName: string): Record<string, string> {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
    const found = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === interfaceName);
    if (!found) throw new Error(`${file} declares no interface ${interfaceName}`);
    const result: Record<string, string> = {};
    for (const member of found.members.filter(ts.isPropertySignature)) {
        const tag = ts.getJSDocTags(member).find((t) => t.tagName.text === "default");
        const text = typeof tag?.comment === "string" ? tag.comment.trim() : undefined;
        if (text !== undefined) result[(member.name as ts.Identifier).text] = text;
    }
    return result;
}

/** The quoted value when it is JSON, with an explanation in parentheses allowed after it. */
function quotedValue(text: string): { value: unknown } | undefined {
    const candidate = text.replace(/\s+\(.*\)$/, "");
    try {
        return { value: JSON.parse(candidate) };
    } catch {
        return undefined;
    }
}

function compare(file: string, interfaceName: string, defaults: Record<string, unknown>): number {
    let compared = 0;
    for (const [member, text] of Object.entries(documentedDefaults(file, interfaceName))) {
        const quoted = quotedValue(text);
        if (quoted === undefined || !(member in defaults)) continue;
        expect(quoted.value, `${interfaceName}.${member} @default ${text}`).to.deep.equal(defaults[member]);
        compared++;
    }
    return compared;
}

describe("the args' documented defaults", () => {
    const groups: [string, keyof typeof DEFAULTS][] = [
        ["StreamArgs", "stream"],
        ["BucketArgs", "bucket"],
        ["ApplicationArgs", "application"],
        ["CatalogArgs", "catalog"],
        ["AthenaArgs", "athena"],
        ["MonitoringArgs", "monitoring"],
    ];
    for (const [interfaceName, group] of groups) {
        it(`${interfaceName}: every quoted @default is DEFAULTS.${group}'s value`, () => {
            expect(compare("components/args.ts", interfaceName, DEFAULTS[group] as Record<string, unknown>)).to.be.greaterThan(0);
        });
    }

    it("TickerJobOptions: every quoted @default is TICKER_JOB_DEFAULTS' value, each Aggregation0 option included", () => {
        const documented = documentedDefaults("components/ticker-job.ts", "TickerJobOptions");
        for (const option of ["windowSeconds", "watermarkDelaySeconds", "eventTimeMaxAheadSeconds"]) expect(documented, option).to.have.property(option);
        expect(compare("components/ticker-job.ts", "TickerJobOptions", TICKER_JOB_DEFAULTS as Record<string, unknown>)).to.be.greaterThan(0);
    });

    it("reads a quoted JSON value, with an explanation after it, and leaves prose alone", () => {
        expect(quotedValue('"PROVISIONED"')).to.deep.equal({ value: "PROVISIONED" });
        expect(quotedValue("1073741824 (1 GiB)")).to.deep.equal({ value: 1073741824 });
        expect(quotedValue("autonamed from the component name")).to.equal(undefined);
    });
});
