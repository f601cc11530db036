export default async function globalTeardown(): Promise<void> {
  await globalThis.__parasolTestPooler?.stop();
  await globalThis.__parasolTestDatabase?.drop();
}
