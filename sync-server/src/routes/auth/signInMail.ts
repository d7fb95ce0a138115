import type { MailMessage } from '../../mail/mailer';

/*
 * The sign-in email. The link opens the desktop app (casike:// deep link); the same token
 * works as a code pasted into `casike cloud login`. Either way it completes only on the
 * device that asked, which holds the verifier. Same text for new and known addresses.
 */
export function signInMail(
  to: string,
  token: string,
  publicUrl: URL,
  ttlSeconds: number,
): MailMessage {
  const link = `casike://auth/magic-link?token=${encodeURIComponent(token)}&server=${encodeURIComponent(publicUrl.origin)}`;
  const minutes = Math.round(ttlSeconds / 60);
  return {
    to,
    subject: 'Your Casike sign-in link',
    text: [
      'Open this link on the device where you asked to sign in to Casike:',
      '',
      link,
      '',
      'Or paste this code into Casike:',
      '',
      token,
      '',
      `It works once, for ${minutes} minutes, and only on that device.`,
      'If you did not ask to sign in, ignore this email: nothing happens without the link.',
    ].join('\n'),
  };
}
