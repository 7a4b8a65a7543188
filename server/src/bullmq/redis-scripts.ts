import type { RedisClient } from 'bullmq';

/**
 * Lua scripts for the keys Databay keeps next to a BullMQ queue. They run on BullMQ's own Redis
 * client through its `defineCommand` and `runCommand`, so they work with every client BullMQ
 * accepts. Names start with `databay` so that they never clash with BullMQ's own commands.
 */
const SCRIPTS = {
  /** HINCRBY a link's field of the transfer-number hash; returns the number before the increment. */
  databayTakeTransferNumber: {
    numberOfKeys: 1,
    lua: `return redis.call('HINCRBY', KEYS[1], ARGV[1], 1) - 1`,
  },
  /** SET NX PX: 1 when the lock was free and is now held with token ARGV[1], 0 when another holder has it. */
  databayAcquireLinkLock: {
    numberOfKeys: 1,
    lua: `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`,
  },
  /** PEXPIRE only while the lock still has token ARGV[1]: 1 when refreshed, 0 when the lock is lost. */
  databayRefreshLinkLock: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
  },
  /** DEL only while the lock still has token ARGV[1], so an expired lock that another holder took stays. */
  databayReleaseLinkLock: {
    numberOfKeys: 1,
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  },
} as const;

export type ScriptName = keyof typeof SCRIPTS;

const prepared = new WeakSet<RedisClient>();

/** Runs one of the scripts with its keys first, then its arguments; defines them on first use of a client. */
export async function runScript(client: RedisClient, name: ScriptName, args: (string | number)[]): Promise<number> {
  if (!prepared.has(client)) {
    for (const [scriptName, definition] of Object.entries(SCRIPTS)) client.defineCommand(scriptName, definition);
    prepared.add(client);
  }
  return Number(await client.runCommand(name, args));
}
