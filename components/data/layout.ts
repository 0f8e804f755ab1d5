/**
 * Aurora instance layout: one writer plus `readers` readers, spread round-robin over the AZs, and the
 * rendered engine parameters of both data stores. Pure, so the placement and parameters are unit-tested.
 */

const SERVERLESS_INSTANCE_CLASS = "db.serverless";

interface InstanceSlot {
  /** 0 for the instance created first (Aurora makes it the writer). */
  index: number;
  role: "writer" | "reader";
  instanceClass: string;
  /** Index into the network's AZ list. */
  azIndex: number;
  /** Failover priority: readers (tier 1) are promoted before anything with a higher tier. */
  promotionTier: number;
}

interface LayoutInput {
  mode: "serverless" | "provisioned";
  instanceClass: string;
  readers: number;
}

export function instanceLayout(cfg: LayoutInput, azCount: number): InstanceSlot[] {
  if (!Number.isInteger(azCount) || azCount < 1)
    throw new Error(`instanceLayout: expected at least one AZ, got ${azCount}`);
  if (!Number.isInteger(cfg.readers) || cfg.readers < 0)
    throw new Error(`database.readers: expected an integer >= 0, got ${cfg.readers}`);
  const instanceClass = cfg.mode === "serverless" ? SERVERLESS_INSTANCE_CLASS : cfg.instanceClass;
  return Array.from({ length: cfg.readers + 1 }, (_, index) => ({
    index,
    role: index === 0 ? "writer" : "reader",
    instanceClass,
    azIndex: index % azCount,
    promotionTier: index === 0 ? 0 : 1,
  }));
}

interface EngineParameter {
  name: string;
  value: string;
  applyMethod?: "immediate" | "pending-reboot";
}

/**
 * Cluster parameters: TLS required for every client, and slow-query / lock / DDL logging into the exported
 * `postgresql` log. All of them are dynamic in Aurora PostgreSQL, so they apply without a reboot.
 */
export function auroraClusterParameters(opts: { slowQueryMs: number }): EngineParameter[] {
  return [
    { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
    { name: "log_min_duration_statement", value: String(opts.slowQueryMs), applyMethod: "immediate" },
    { name: "log_statement", value: "ddl", applyMethod: "immediate" },
    { name: "log_lock_waits", value: "1", applyMethod: "immediate" },
    // Temp files above 10 MiB usually mean a missing index or too small work_mem.
    { name: "log_temp_files", value: "10240", applyMethod: "immediate" },
    { name: "log_autovacuum_min_duration", value: "1000", applyMethod: "immediate" },
  ];
}

export function cacheParameters(opts: { maxmemoryPolicy: string }): Array<{ name: string; value: string }> {
  return [{ name: "maxmemory-policy", value: opts.maxmemoryPolicy }];
}
