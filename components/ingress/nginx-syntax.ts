// Constants and block helpers shared by the nginx.conf renderer (nginx-conf.ts) and its server blocks (nginx-servers.ts).

export const UPSTREAM_NAME = "kong_proxy";
export const HEALTH_PATH = "/nginx-health";
export const STUB_STATUS_PATH = "/stub_status";

export const IND = "    ";
export const indent = (lines: string[]): string[] => lines.map((l) => (l === "" ? l : IND + l));
export const block = (head: string, body: string[]): string[] => [`${head} {`, ...indent(body), "}"];
