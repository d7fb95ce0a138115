import nodemailer from 'nodemailer';

/*
 * Outgoing mail. Production sends over SMTP (SMTP_URL, e.g. smtps://user:pass@host:465);
 * development without SMTP_URL prints the message to the terminal so sign-in works with
 * no setup. That printer bypasses the logger on purpose: logs are scrubbed of links, and
 * the terminal of the developer running the server is the only place it writes to.
 * Production cannot reach it (SMTP_URL is required there, and the factory refuses).
 */

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Fail fast: a stuck mail server must not hold sign-in requests open.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
      });
    },
    close() {
      transport.close();
    },
  };
}

export function createTerminalMailer(production: boolean, write: (text: string) => void): Mailer {
  if (production) throw new Error('the terminal mailer is for development only; set SMTP_URL');
  return {
    send(message) {
      write(
        `\n--- development mail (no SMTP_URL) ---\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}\n---\n`,
      );
      return Promise.resolve();
    },
    close() {},
  };
}
