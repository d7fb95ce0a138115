// The renderer is untrusted (DESIGN.md, principle 3). This policy is its second fence
// after the sandbox: it may run only the scripts and styles we shipped, may talk to
// nothing but its own `app://` origin, and can be framed by no one. No 'unsafe-inline'
// or 'unsafe-eval': an injected string can never become code. The `app://` protocol
// handler sends it as a response header on every file it serves.
const directives: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export const CONTENT_SECURITY_POLICY: string = directives
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');
