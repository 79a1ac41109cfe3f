import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/**
 * No function over 80 lines outside declarative resource code (the team's rule). Every
 * .ts file of the product folders is parsed with the TypeScript compiler, and every
 * function, method, arrow function and constructor is measured from its first to its
 * last line. A long function that is a list of resource declarations is allowed by
 * name below, with the reason.
 */

const ROOT = path.resolve(__dirname, "..", "..");
const FOLDERS = ["components", "contract", "stacks", "policy", "producer", "local", "bench", "scripts"];
const MAX_LINES = 80;

/** `file:name` -> why the function may be longer. */
const ALLOWED: Record<string, string> = {};

interface MeasuredFunction {
    name: string;
    file: string;
    line: number;
    lines: number;
}

function tsFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return ["node_modules", "dist", "build"].includes(entry.name) ? [] : tsFiles(full);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** What a reader would call the function: its own name, or the name it is bound to. */
function functionName(node: ts.Node): string {
    const named = node as ts.Node & { name?: ts.Node };
    if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name) || ts.isPrivateIdentifier(named.name))) return named.name.text;
    if (ts.isConstructorDeclaration(node)) return `${functionName(node.parent)}.constructor`;
    const parent = node.parent;
    if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && ts.isIdentifier(parent.name)) {
        return parent.name.text;
    }
    if (parent && ts.isCallExpression(parent)) return `<callback of ${parent.expression.getText().slice(0, 40)}>`;
    return "<anonymous>";
}

function isFunctionLike(node: ts.Node): boolean {
    return (
        ts.isFunctionDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isArrowFunction(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node)
    );
}

function measure(file: string): MeasuredFunction[] {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const found: MeasuredFunction[] = [];
    const visit = (node: ts.Node) => {
        if (isFunctionLike(node)) {
            const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
            const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
            found.push({ name: functionName(node), file: path.relative(ROOT, file), line: first + 1, lines: last - first + 1 });
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

describe("function length", () => {
    const measured = FOLDERS.flatMap((folder) => tsFiles(path.join(ROOT, folder))).flatMap(measure);

    it("measures the functions it should: a known one has its real length", () => {
        // This test's own measure() is about 15 lines, so the parser sees whole bodies.
        const self = measure(__filename).find((f) => f.name === "measure");
        expect(self, "measure() in this file").to.not.equal(undefined);
        expect(self!.lines).to.be.within(10, 20);
        expect(measured.length).to.be.greaterThan(100);
    });

    it(`finds no function over ${MAX_LINES} lines in ${FOLDERS.join(", ")}, except the allowed declarative ones`, () => {
        const long = measured.filter((f) => f.lines > MAX_LINES && !ALLOWED[`${f.file}:${f.name}`]);
        const report = long.map((f) => `${f.name} (${f.file}:${f.line}, ${f.lines} lines)`);
        expect(report, `functions over ${MAX_LINES} lines`).to.deep.equal([]);
    });

    it("allows only functions that exist and are long", () => {
        for (const key of Object.keys(ALLOWED)) {
            const f = measured.find((m) => `${m.file}:${m.name}` === key);
            expect(f, key).to.not.equal(undefined);
            expect(f!.lines, key).to.be.greaterThan(MAX_LINES);
        }
    });
});
