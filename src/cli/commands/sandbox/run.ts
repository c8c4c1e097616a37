export async function runSandbox(_options: Record<string, string | undefined>): Promise<void> {
  throw new Error('sandbox: not built yet');
}
