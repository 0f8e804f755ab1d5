export const CONFIG_DOCS: Record<string, string> = {};
