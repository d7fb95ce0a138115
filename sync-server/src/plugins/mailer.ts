import fp from 'fastify-plugin';
import { createSmtpMailer, createTerminalMailer, type Mailer } from '../mail/mailer';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export interface MailerPluginOptions {
  /** Replaces the configured mailer (tests). */
  mailer?: Mailer;
}

export const mailerPlugin = fp<MailerPluginOptions>(
  (app, options, done) => {
    const { smtpUrl, mailFrom, production } = app.config;
    const mailer =
      options.mailer ??
      (smtpUrl !== undefined
        ? createSmtpMailer(smtpUrl, mailFrom)
        : createTerminalMailer(production, (text) => void process.stdout.write(text)));
    app.decorate('mailer', mailer);
    app.addHook('onClose', (_instance, next) => {
      mailer.close();
      next();
    });
    done();
  },
  { name: 'casike-mailer', dependencies: ['casike-config'] },
);
