// What finding each resource's object in a cached list costs, in one process: N lookups by email
// in a list of N members, through the read cache's index (what the client does) and by scanning a
// copy of the list per lookup (what it did before, and what a lookup without an index costs). No
// API is involved.
import { performance } from "node:perf_hooks";
import { ReadCache } from "../../provider/client/cache";

interface Member {
  id: string;
  user: { uuid: string; email: string };
}

const emailOf = (m: Member) => m.user.email.toLowerCase();

/** The milliseconds of `n` lookups, each of a different member, in a list of `n`. */
export async function timeLookups(n: number, indexed: boolean): Promise<number> {
  const members: Member[] = Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    user: { uuid: `u${i}`, email: `Member${i}@Example.com` },
  }));
  const cache = new ReadCache();
  const load = async () => members;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const wanted = `member${i}@example.com`;
    const found = indexed
      ? (await cache.index("/members/", "/members/", load, emailOf)).get(wanted)?.[0]
      : (await cache.get("/members/", "/members/", load)).find((m) => emailOf(m) === wanted);
    if (found?.id !== `m${i}`) throw new Error(`lookup ${i} found ${found?.id}`);
  }
  return performance.now() - started;
}
