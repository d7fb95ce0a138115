import { CliError } from './cliErrors';

/**
 * Reads a secret from the terminal without echoing it. Written to stderr so that
 * `--json` output on stdout stays machine-readable.
 */
export async function promptSecret(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    throw new CliError(
      'USAGE',
      'no terminal to ask for the secret; set it in the environment (see casike --help)',
    );
  }
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (result: () => void) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      result();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004')
          return finish(() => resolve(typed));
        if (char === '\u0003') return finish(() => reject(new CliError('USAGE', 'cancelled')));
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

/** The environment variable if set (scripts), else a no-echo prompt (people). */
export async function secretFrom(envName: string, question: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return promptSecret(question);
}

/** A new secret: from the environment, or typed twice so a typo cannot lock the user out. */
export async function newSecretFrom(envName: string, question: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const first = await promptSecret(question);
  const second = await promptSecret('Type it again: ');
  if (first !== second) throw new CliError('BAD_INPUT', 'the two entries do not match');
  return first;
}
