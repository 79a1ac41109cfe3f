/**
 * Glue (Hive) column types, as Athena reads them in a table definition:
 * https://docs.aws.amazon.com/athena/latest/ug/data-types.html
 */

const PRIMITIVES = new Set([
    "boolean", "tinyint", "smallint", "int", "integer", "bigint", "float", "double",
    "decimal", "string", "binary", "date", "timestamp",
]);

/** The problem with a type expression, or undefined when Athena reads it. */
export function glueTypeProblem(type: string): string | undefined {
    const parser = new TypeParser(type);
    try {
        parser.type();
        parser.end();
        return undefined;
    } catch (e) {
        return (e as Error).message;
    }
}

export function isPrimitiveGlueType(type: string): boolean {
    return PRIMITIVES.has(type) || /^(decimal\(\d+(,\d+)?\)|char\(\d+\)|varchar\(\d+\))$/.test(type);
}

class TypeParser {
    private pos = 0;
    constructor(private readonly text: string) {}

    type(): void {
        const word = this.word();
        if (word === "array") return this.generic(() => this.type());
        if (word === "map") return this.generic(() => this.mapEntry());
        if (word === "struct") return this.generic(() => this.fields());
        if (word === "decimal" && this.peek() === "(") return this.numbers(1, 38, 2, "decimal(precision 1-38, scale 0-precision)");
        if (word === "char" && this.peek() === "(") return this.numbers(1, 255, 1, "char(1-255)");
        if (word === "varchar" && this.peek() === "(") return this.numbers(1, 65535, 1, "varchar(1-65535)");
        if (!PRIMITIVES.has(word)) throw new Error(`unknown Glue type "${word}" (${[...PRIMITIVES].join(", ")}, array<>, map<>, struct<>)`);
    }

    end(): void {
        if (this.pos !== this.text.length) throw new Error(`unexpected "${this.text.slice(this.pos)}" in the type`);
    }

    private mapEntry(): void {
        const start = this.pos;
        this.type();
        if (!isPrimitiveGlueType(this.text.slice(start, this.pos))) throw new Error("map keys must be of a primitive type");
        this.expect(",");
        this.type();
    }

    private fields(): void {
        for (;;) {
            const name = this.word(/[a-z_][a-z0-9_]*/y);
            if (name === "") throw new Error("struct fields must be name:type");
            this.expect(":");
            this.type();
            if (this.peek() !== ",") return;
            this.expect(",");
        }
    }

    private generic(inner: () => void): void {
        this.expect("<");
        inner();
        this.expect(">");
    }

    private numbers(min: number, max: number, count: 1 | 2, shape: string): void {
        this.expect("(");
        const values = [Number(this.word(/\d+/y))];
        if (count === 2 && this.peek() === ",") {
            this.expect(",");
            values.push(Number(this.word(/\d+/y)));
        }
        this.expect(")");
        const [first, second = 0] = values;
        if (!(first >= min && first <= max && second >= 0 && second <= first)) throw new Error(`must be ${shape}`);
    }

    private word(pattern = /[a-z]+/y): string {
        pattern.lastIndex = this.pos;
        const m = pattern.exec(this.text);
        this.pos += m ? m[0].length : 0;
        return m ? m[0] : "";
    }

    private peek(): string {
        return this.text[this.pos] ?? "";
    }

    private expect(char: string): void {
        if (this.text[this.pos] !== char) throw new Error(`expected "${char}" at position ${this.pos} of the type`);
        this.pos++;
    }
}
