import * as fs from "node:fs";

/**
 * Processes that still run, by PID or by process group, read from /proc. A zombie
 * counts as stopped: it has exited and only waits to be reaped, which an orphan's
 * new parent (PID 1, whatever init the machine has) may do late.
 */
interface ProcStat {
    pid: number;
    state: string;
    ppid: number;
    pgrp: number;
}

function readStat(pid: number): ProcStat | undefined {
    try {
        const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The command name sits in parentheses and may hold spaces; the fields after it are fixed.
        const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
        return { pid, state: fields[0], ppid: Number(fields[1]), pgrp: Number(fields[2]) };
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
    return allStats()
        .filter((s) => s.pgrp === pgid && s.state !== "Z")
        .map((s) => s.pid);
}

function allStats(): ProcStat[] {
    return fs
        .readdirSync("/proc")
        .filter((name) => /^\d+$/.test(name))
        .map((name) => readStat(Number(name)))
        .filter((s): s is ProcStat => s !== undefined);
}

/** `pid` and every process below it, parents before children. */
export function processTree(pid: number): number[] {
    const stats = allStats();
    const tree = [pid];
    for (let i = 0; i < tree.length; i++) tree.push(...stats.filter((s) => s.ppid === tree[i]).map((s) => s.pid));
    return tree;
}

/** The process's command line, its arguments joined by spaces ("" once it is gone). */
export function commandLine(pid: number): string {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
        return "";
    }
}
