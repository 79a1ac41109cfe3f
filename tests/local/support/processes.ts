import * as fs from "node:fs";

/**
 * Processes that still run, by PID or by process group, read from /proc. A zombie
 * counts as stopped: it has exited and only waits to be reaped, which an orphan's
 * new parent (PID 1, whatever init the machine has) may do late.
 */
interface ProcStat {
    pid: number;
    state: string;
    pgrp: number;
}

function readStat(pid: number): ProcStat | undefined {
    try {
        const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name sits in parentheses and may hold spaces; the fields after it are fixed.
        const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
        return { pid, state: fields[0], pgrp: Number(fields[2]) };
    } catch {
        return undefined;
    }
}

export function isRunning(pid: number): boolean {
    const stat = readStat(pid);
    return stat !== undefined && stat.state !== "Z";
}

/** PIDs of the group's members that have not exited. */
export function runningInGroup(pgid: number): number[] {
    return fs
        .readdirSync("/proc")
        .filter((name) => /^\d+$/.test(name))
        .map((name) => readStat(Number(name)))
        .filter((s): s is ProcStat => s !== undefined && s.pgrp === pgid && s.state !== "Z")
        .map((s) => s.pid);
}
