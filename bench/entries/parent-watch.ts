/**
 * The bench's child processes read nothing from stdin; their parent keeps it open. When the
 * parent dies without stopping them (killed, crashed), stdin closes and the child exits, so no
 * stale subgraph keeps a bench port.
 */
export function exitWithParent(): void {
  process.stdin.on('close', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
