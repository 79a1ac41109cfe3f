import { expect } from "chai";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { AWS_LIMIT_IDS, awsLimit } from "../../components/aws-limits.js";
import { javaPatternToJs } from "../../components/java-regex.js";

/** Java patterns that need converting, beside those of aws-limits.json. */
const JAVA_ISMS = [
    "[\\p{Alnum}_]+",
    "\\p{Print}*",
    "[\\w-_]*",
    "[\\p{L}\\p{Z}-_]+",
    "\\s*",
    "[^\\s]+",
    "[\\S]+",
    "(?!\\s*$)[\\s\\S]+",
    "\\A[a-z]+\\z",
    "(?s).{0,4}",
    ".*",
    "[a-z\\#\\!\\']+",
    "[^/:|\\000-\\037]+",
    "\\d{2}+-\\p{IsAlphabetic}+",
    "a]b}",
];

const PROBES = [
    "", "a", "Z", "0", "abc", "ABC-def_1.2", "a b", " ", "\t", "\n", "x\n", "\r\n", "\u0085", "\u00A0", "\u2028",
    "ü", "日本語", "😀", "-", "_", ".", "/", "#", "*", ":", "@", "+=,", "a]b}", "12-ab", "\u0000", "\u0007", "\u007F",
    "arn:aws-cn:iam::123456789012:role/x", "ticker_averages", "a".repeat(129), "a-b", "'!#",
];

/** For each pattern, a 1 or 0 per probe: does java.util.regex match the whole probe. */
function javaMatches(patterns: string[]): string[] {
    const base64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
    const input = [String(PROBES.length), ...PROBES.map(base64), ...patterns.map(base64), ""].join("\n");
    const program = path.join(__dirname, "support", "JavaMatches.java");
    return execFileSync("java", [program], { input, encoding: "utf8" }).trimEnd().split("\n");
}

function jsMatches(pattern: string): string {
    const js = javaPatternToJs(pattern);
    const regExp = new RegExp(`^(?:${js.source})$`, js.flags);
    return PROBES.map((probe) => (regExp.test(probe) ? "1" : "0")).join("");
}

describe("Java model patterns as JavaScript RegExps (components/java-regex.ts)", function () {
    // One JVM start, which compiles the helper from source.
    this.timeout(60_000);

    it("matches exactly what java.util.regex matches, for every pattern used and each Java-ism converted", () => {
        const used = [...new Set(AWS_LIMIT_IDS.map(awsLimit).flatMap((limit) => limit.pattern ?? []))];
        const patterns = [...used, ...JAVA_ISMS];
        const java = javaMatches(patterns);
        expect(java).to.have.length(patterns.length);
        const differing = patterns
            .map((pattern, i) => ({ pattern, java: java[i], js: jsMatches(pattern) }))
            .filter((result) => result.java !== result.js);
        expect(differing).to.deep.equal([]);
    });

    it("reads Java's \\s as ASCII whitespace, unlike JavaScript's", () => {
        const js = javaPatternToJs("\\s+");
        expect(new RegExp(`^(?:${js.source})$`, js.flags).test("\u00A0")).to.equal(false);
        expect(new RegExp("^\\s+$", "u").test("\u00A0")).to.equal(true);
    });

    it("throws for Java syntax with no exact JavaScript equivalent", () => {
        for (const pattern of ["a++", "[a-z&&[^e]]", "[a[b]]", "(?i)abc", "\\Qa.b\\E", "[\\P{Alnum}]", "a{1,2}+"]) {
            expect(() => javaPatternToJs(pattern), pattern).to.throw(/has no exact JavaScript equivalent/);
        }
    });
});
