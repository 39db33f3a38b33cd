import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the server received it: the envelope, the raw MIME (to count headers, look for secrets), and mailparser's reading. */
export interface CapturedMail { from: string; to: string[]; raw: string; mail: ParsedMail }

/** An SMTP error reply, e.g. `{ code: 451, message: 'try again later' }`. */
export interface SmtpReply { code: number; message: string }

export interface SmtpCaptureOptions {
  /** Require these credentials for AUTH (offered without TLS: loopback only); without it, AUTH is optional and anything passes. */
  auth?: { user: string; password: string };
  /** Asked at each RCPT TO: a reply refuses that recipient with it, nothing accepts. */
  onRcptTo?: (address: string) => SmtpReply | undefined;
}

export interface SmtpCapture {
  port: number;
  /** Every message accepted, in order. */
  mails: CapturedMail[];
  /** The user names every AUTH attempt gave, accepted or not. */
  logins: string[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (a free port) that keeps what it is sent, for tests that deliver mail. */
export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  const logins: string[] = [];
  const { auth, onRcptTo } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    ...(auth && {
      allowInsecureAuth: true,
      onAuth(login, _session, done) {
        logins.push(login.username ?? '');
        if (login.username === auth.user && login.password === auth.password) done(null, { user: auth.user });
        else done(new Error('bad credentials'));
      },
    }),
    onRcptTo(address, _session, done) {
      const reply = onRcptTo?.(address.address);
      if (reply) return done(Object.assign(new Error(reply.message), { responseCode: reply.code }));
      done();
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const bytes = Buffer.concat(chunks);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: bytes.toString('utf8'),
          mail: await simpleParser(bytes),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as { port: number }).port;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
