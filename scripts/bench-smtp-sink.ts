/**
 * The SMTP sink of `npm run bench:digests` and the soak, as a process of its own (forked, with an
 * IPC channel): accepts every message on 127.0.0.1 and counts them by Message-ID and recipient,
 * so a digest sent twice shows. Asked `{ type: 'stats' }` it answers the counts; `{ type: 'reset' }`
 * starts counting afresh.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

let received = 0;
let bytes = 0;
const byMessageId = new Map<string, number>();

function messageIdOf(head: string): string | null {
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? null;
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (head.length < 8192) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      received += 1;
      const key = `${messageIdOf(head) ?? `no-id-${received}`} ${session.envelope.rcptTo.map((rcpt) => rcpt.address).join(',')}`;
      byMessageId.set(key, (byMessageId.get(key) ?? 0) + 1);
      callback();
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.server.address() as AddressInfo).port });
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') {
    const duplicates = [...byMessageId.values()].filter((count) => count > 1).reduce((sum, count) => sum + count - 1, 0);
    process.send?.({ type: 'stats', received, distinct: byMessageId.size, duplicates, bytes });
  } else if (message.type === 'reset') {
    received = 0;
    bytes = 0;
    byMessageId.clear();
    process.send?.({ type: 'reset' });
  }
});
process.on('disconnect', () => server.close(() => process.exit(0)));
