/** A free loopback port, for servers that take a fixed one (the PGlite socket server). Test and bench helper. */
import { createServer } from 'node:net';

/** A port on 127.0.0.1 that was free a moment ago (the OS picked it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const address = probe.address();
  await new Promise<void>((ok) => probe.close(() => ok()));
  return typeof address === 'object' && address ? address.port : 0;
}
