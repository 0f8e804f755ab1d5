/**
 * Sections the offline preview adds after the resource tree. Each plugin reads the captured run and returns
 * its JSON section, its text lines and whether it blocks (exit code 1). The policy pack and the cost
 * estimator plug in here.
 */
import { RunResult } from "./harness";
import { Report } from "./report";

export interface PluginResult {
    section: unknown;
    text: string[];
    blocking: boolean;
}

export interface PreviewPlugin {
    name: string;
    run(run: RunResult, report: Report): PluginResult;
}

export const PLUGINS: PreviewPlugin[] = [];
