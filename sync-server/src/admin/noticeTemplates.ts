/*
 * Messages `npm run admin -- notify-users --template NAME` sends: an email to each
 * affected account and an in-app notice shown once (GET /v1/account/notices). Policy
 * 000 promises affected users are told within 72 hours of a confirmed breach; the text
 * below is the default, and --message adds the incident's specifics.
 */

export interface NoticeTemplate {
  title: string;
  subject: string;
  body(extra: string | undefined): string;
}

export const NOTICE_TEMPLATES = {
  breach: {
    title: 'Security incident affecting your Casike account',
    subject: 'Important: a security incident affecting your Casike account',
    body: (extra) =>
      [
        'We are writing to tell you about a security incident that affected the Casike cloud service.',
        '',
        extra ?? 'We are still investigating and will write again when we know more.',
        '',
        'What the cloud never held: your ledger, receipts and the keys to them stay encrypted on your devices and in your encrypted backups; the service cannot read them.',
        'What we have done: every session has been signed out and every trusted device must pass two-step sign-in again.',
        'What you can do: sign in again, review your signed-in devices and trusted devices, and turn on two-step sign-in if it is off.',
        '',
        'Questions: security@casike.com',
      ].join('\n'),
  },
  'service-change': {
    title: 'A change to the Casike cloud service',
    subject: 'A change to the Casike cloud service',
    body: (extra) => extra ?? 'The Casike cloud service has changed. See casike.com for details.',
  },
} as const satisfies Record<string, NoticeTemplate>;

export type NoticeTemplateName = keyof typeof NOTICE_TEMPLATES;

export function isNoticeTemplate(name: string): name is NoticeTemplateName {
  return Object.hasOwn(NOTICE_TEMPLATES, name);
}
