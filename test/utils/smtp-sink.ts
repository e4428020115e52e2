import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server for tests. It can refuse every recipient (like a server that is down for
 * mail) or take its time over each message (so a batch can be interrupted half-way).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** A reply code and text to refuse recipients with, or null to accept. */
  refuseWith: { code: number; message: string } | null = null;
  /** Each recipient refused (with `refuseWith`), and when. */
  readonly refused: { address: string; at: number }[] = [];
  delayMs = 0;
  /** Takes the message after DATA and never answers, like a server that hangs. */
  hangAfterData = false;
  private server!: SMTPServer;
  private parsing: Promise<unknown>[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      // Hung conversations do not hold the test's end.
      closeTimeout: 100,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refuseWith) return callback();
        this.refused.push({ address: address.address, at: Date.now() });
        const error = Object.assign(new Error(this.refuseWith.message), { responseCode: this.refuseWith.code });
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const to = session.envelope.rcptTo.map((recipient) => recipient.address).join(',');
          const parsing = simpleParser(Buffer.concat(chunks)).then((parsed) => this.received.push({ to, parsed }));
          this.parsing.push(parsing);
          if (this.hangAfterData) return;
          setTimeout(() => void parsing.then(() => callback()), this.delayMs);
        });
      },
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Waits for the messages received so far to be parsed. */
  async settled(): Promise<ReceivedMail[]> {
    await Promise.all(this.parsing);
    return this.received;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to === address);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Polls until `check` returns true (or throws after `timeoutMs`). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
