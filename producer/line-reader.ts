import * as fs from "node:fs";

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Reads a file line by line, synchronously and in bounded memory, so the
 * producer's batch loop can pull lines as it pulls generated events. Lines are
 * bytes as written (no decoding); a "\r\n" ending loses its "\r" too. A line
 * longer than `keepBytes` is cut to `keepBytes + 1` bytes: enough to know it is
 * too long to send, without holding all of it.
 */
export class LineReader {
    private readonly fd: number;
    private readonly chunk = Buffer.alloc(CHUNK_BYTES);
    private buffered = Buffer.alloc(0);
    private partial: Buffer[] = [];
    private partialBytes = 0;
    private ended = false;
    /** 1-based number of the last line returned. */
    lineNumber = 0;

    constructor(
        file: string,
        private readonly keepBytes: number,
    ) {
        this.fd = fs.openSync(file, "r");
    }

    /** The next line, or undefined at the end of the file. */
    next(): Buffer | undefined {
        for (;;) {
            const newline = this.buffered.indexOf(NEWLINE);
            if (newline >= 0) {
                this.keep(this.buffered.subarray(0, newline));
                this.buffered = this.buffered.subarray(newline + 1);
                return this.line(true);
            }
            this.keep(this.buffered);
            this.buffered = Buffer.alloc(0);
            if (this.ended) return this.partialBytes > 0 ? this.line(false) : undefined;
            const read = fs.readSync(this.fd, this.chunk, 0, CHUNK_BYTES, null);
            if (read === 0) this.ended = true;
            else this.buffered = Buffer.from(this.chunk.subarray(0, read));
        }
    }

    close(): void {
        fs.closeSync(this.fd);
    }

    private keep(bytes: Buffer): void {
        const room = this.keepBytes + 1 - this.partialBytes;
        if (room <= 0 || bytes.length === 0) return;
        const kept = bytes.subarray(0, room);
        this.partial.push(kept);
        this.partialBytes += kept.length;
    }

    private line(terminated: boolean): Buffer {
        let line = Buffer.concat(this.partial);
        this.partial = [];
        this.partialBytes = 0;
        if (terminated && line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, -1);
        this.lineNumber++;
        return line;
    }
}
