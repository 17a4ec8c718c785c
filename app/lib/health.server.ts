import { prisma, type Database } from "~/lib/db.server";

const TIMEOUT_MS = 2_000;

/** True when the database answers a round-trip within two seconds. */
export async function checkDatabase(db: Database = prisma): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), TIMEOUT_MS);
  });
  try {
    return await Promise.race([db.$queryRaw`SELECT 1`.then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
