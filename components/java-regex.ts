/**
 * Java regular expressions, as AWS API models write their `pattern` traits, turned
 * into JavaScript ones (`u` flag) that match the same strings. The caller anchors
 * the result: AWS checks a value against the whole pattern.
 *
 * Converted: POSIX classes (`\p{Alnum}`; US-ASCII, as in Java), Java-only property
 * names (`\p{IsAlphabetic}`, `\p{LD}`), Java's ASCII `\s`, `\S` and `\v`, its `.`
 * and `$` (U+0085 is a line terminator there), `\A`, `\z`, `\Z`, octal `\0nn`,
 * escaped punctuation (`\#`: Java allows escaping any non-letter, `u` mode only a
 * few), a `-` next to a class escape (`[\w-_]`), a lone `]` or `}`, and a leading
 * `(?s)` (the `s` flag). Java syntax with no exact equivalent (possessive
 * quantifiers, class intersection and nesting, other inline flags, `\Q...\E`,
 * negated POSIX classes inside a class) throws instead.
 *
 * Checked against java.util.regex on the patterns of every botocore model
 * (tests/limits/java-regex.test.ts runs the ones this project uses).
 */

export interface JsPattern {
    source: string;
    /** `u`, or `su` after a leading `(?s)`. */
    flags: string;
}

/** Java's `\s` without UNICODE_CHARACTER_CLASS, as class contents; JavaScript's `\s` also takes Unicode spaces. */
const JAVA_SPACE = " \\t\\n\\x0B\\f\\r";
/** Everything but JAVA_SPACE, as class contents. */
const JAVA_NON_SPACE = "\\x00-\\x08\\x0E-\\x1F\\x21-\\u{10FFFF}";
/** Java's `\v` (vertical whitespace), as class contents. */
const JAVA_VERTICAL_SPACE = "\\n\\x0B\\f\\r\\x85\\u2028\\u2029";
/** Java's `.` stops at these line terminators; JavaScript's does not stop at U+0085. */
const JAVA_DOT = "[^\\n\\r\\x85\\u2028\\u2029]";
/** Java's `$` (and `\Z`) also match before one final line terminator; JavaScript's only at the end. */
const JAVA_END = "(?=(?:\\r\\n|[\\n\\r\\x85\\u2028\\u2029])?$)";

/** Class contents of Java's POSIX classes and of its property names JavaScript does not know. */
const JAVA_CLASSES: Record<string, string> = {
    Lower: "a-z",
    Upper: "A-Z",
    ASCII: "\\x00-\\x7F",
    Alpha: "A-Za-z",
    Digit: "0-9",
    Alnum: "A-Za-z0-9",
    Punct: "!-\\/:-@\\[-`{-~",
    Graph: "!-~",
    Print: " -~",
    Blank: " \\t",
    Cntrl: "\\x00-\\x1F\\x7F",
    XDigit: "0-9a-fA-F",
    Space: JAVA_SPACE,
    IsAlphabetic: "\\p{Alphabetic}",
    IsWhitespace: "\\p{White_Space}",
    LD: "\\p{L}\\p{Nd}",
    all: "\\x00-\\u{10FFFF}",
};

/** Escapes that mean the same in both languages. */
const SAME_ESCAPES = new Set("dDwWbBtnrf123456789");

class UnsupportedPattern extends Error {
    constructor(pattern: string, what: string) {
        super(`Java pattern ${JSON.stringify(pattern)}: ${what} has no exact JavaScript equivalent`);
        this.name = "UnsupportedPattern";
    }
}

function hexEscape(char: string): string {
    return `\\x${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}

interface Piece {
    /** JavaScript source of the piece. */
    text: string;
    /** Characters of the Java pattern it stands for. */
    length: number;
    /** A class escape such as \w, after or before which a `-` in a class is literal. */
    isClass: boolean;
}

/** The escape at `pattern[at]` (a backslash), inside or outside a character class. */
function escape(pattern: string, at: number, inClass: boolean): Piece {
    const next = pattern[at + 1];
    const fail = (what: string): never => {
        throw new UnsupportedPattern(pattern, what);
    };
    const set = (contents: string, negated = false): string =>
        inClass ? (negated ? fail(`a negated ${contents} inside a class`) : contents) : `[${negated ? "^" : ""}${contents}]`;
    if (next === undefined) fail("a trailing backslash");
    if (next === "p" || next === "P") {
        const close = pattern.indexOf("}", at);
        if (pattern[at + 2] !== "{" || close < 0) fail(`\\${next} without {name}`);
        const name = pattern.slice(at + 3, close);
        const negated = next === "P";
        const java = JAVA_CLASSES[name];
        return {
            text: java === undefined ? `\\${next}{${name}}` : set(java, negated),
            length: close + 1 - at,
            isClass: true,
        };
    }
    if (next === "x" && pattern[at + 2] === "{") {
        const close = pattern.indexOf("}", at);
        return { text: `\\u${pattern.slice(at + 2, close + 1)}`, length: close + 1 - at, isClass: false };
    }
    if (next === "u" || next === "x") return { text: `\\${next}`, length: 2, isClass: false };
    if (next === "0") {
        const octal = /^[0-7]{1,3}/.exec(pattern.slice(at + 2))?.[0] ?? fail("\\0 without octal digits");
        const code = parseInt(octal, 8);
        return { text: `\\u{${code.toString(16)}}`, length: 2 + octal.length, isClass: false };
    }
    const simple = (text: string, isClass = false): Piece => ({ text, length: 2, isClass });
    switch (next) {
        case "s":
            return simple(set(JAVA_SPACE), true);
        case "S":
            return simple(inClass ? JAVA_NON_SPACE : `[^${JAVA_SPACE}]`, true);
        case "v":
            return simple(set(JAVA_VERTICAL_SPACE), true);
        case "A":
            return simple("^");
        case "z":
            return simple("$");
        case "Z":
            return simple(JAVA_END);
        case "a":
            return simple("\\x07");
        case "e":
            return simple("\\x1B");
    }
    if (SAME_ESCAPES.has(next)) return simple(`\\${next}`, "dDwW".includes(next));
    if (/[A-Za-z0-9]/.test(next)) fail(`\\${next}`);
    return simple(hexEscape(next));
}

export function javaPatternToJs(pattern: string): JsPattern {
    const fail = (what: string): never => {
        throw new UnsupportedPattern(pattern, what);
    };
    const dotAll = pattern.startsWith("(?s)");
    let i = dotAll ? 4 : 0;
    let out = "";
    let inClass = false;
    let afterClassEscape = false;
    while (i < pattern.length) {
        const c = pattern[i];
        if (c === "\\") {
            const piece = escape(pattern, i, inClass);
            out += piece.text;
            i += piece.length;
            afterClassEscape = piece.isClass;
            continue;
        }
        const wasAfterClassEscape = afterClassEscape;
        afterClassEscape = false;
        if (inClass) {
            if (c === "[") fail("a class inside a class");
            if (c === "&" && pattern[i + 1] === "&") fail("class intersection &&");
            if (c === "]") inClass = false;
            // Java reads `-` next to a class escape as itself; `u` mode refuses the range.
            const literalDash = c === "-" && (wasAfterClassEscape || /^\\[wWdDsSpPv]/.test(pattern.slice(i + 1)));
            out += literalDash ? "\\x2D" : c;
            i += 1;
            continue;
        }
        if (c === "[") {
            inClass = true;
            const opener = pattern[i + 1] === "^" ? "[^" : "[";
            out += opener;
            i += opener.length;
            continue;
        }
        if (c === "]" || c === "}") {
            out += `\\${c}`;
            i += 1;
            continue;
        }
        if (c === "{") {
            const quantifier = /^\{(\d+)(,\d*)?\}/.exec(pattern.slice(i)) ?? fail("a literal {");
            out += quantifier[0];
            i += quantifier[0].length;
            if (pattern[i] === "+") {
                // Possessive {n}+ is {n}: an exact count has nothing to give back.
                if (quantifier[2] !== undefined) fail("a possessive quantifier");
                i += 1;
            }
            continue;
        }
        if ("*+?".includes(c) && pattern[i + 1] === "+") fail("a possessive quantifier");
        if (c === "(" && /^\(\?[a-zA-Z-]+[:)]/.test(pattern.slice(i))) fail("an inline flag");
        out += c === "." && !dotAll ? JAVA_DOT : c === "$" ? JAVA_END : c;
        i += 1;
    }
    return { source: out, flags: dotAll ? "su" : "u" };
}
