/**
 * Test-only child process for the crash tests: runs a vault operation and kills
 * itself with SIGKILL at a chosen step (no cleanup, no finally blocks), or loops an
 * operation until the parent kills it at a random moment.
 *
 * usage: _crashChild.ts DATA_DIR rotate-at STEP PASSPHRASE
 *        _crashChild.ts DATA_DIR rotate-report PASSPHRASE   (prints each step as reached)
 *        _crashChild.ts DATA_DIR loop-rotate PASSPHRASE
 *        _crashChild.ts DATA_DIR loop-passphrase PASSPHRASE_A PASSPHRASE_B
 */
import { writeSync } from 'node:fs';
import { openVault } from './vaultOpen';
import type { RotationStep } from './keyRotation';

const [dataDir = '', mode = '', ...rest] = process.argv.slice(2);

function die(): never {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
}

async function main(): Promise<void> {
  if (mode === 'rotate-at') {
    const [step, passphrase = ''] = rest as [RotationStep, string];
    const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase });
    await vault.rotateKey(passphrase, (reached) => {
      if (reached === step) die();
    });
    process.stdout.write('completed\n');
    return;
  }
  if (mode === 'rotate-report') {
    const [passphrase = ''] = rest;
    const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase });
    // Synchronous writes: the parent must see a step before the next one starts.
    await vault.rotateKey(passphrase, (reached) => writeSync(1, `${reached}\n`));
    writeSync(1, 'completed\n');
    return;
  }
  if (mode === 'loop-rotate') {
    const [passphrase = ''] = rest;
    const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase });
    process.stdout.write('ready\n');
    for (;;) await vault.rotateKey(passphrase);
  }
  if (mode === 'loop-passphrase') {
    const [a = '', b = ''] = rest;
    // The previous kill may have landed after a change: either passphrase can be current.
    let current = a;
    const vault = await openVault({ dataDir }, { method: 'passphrase', passphrase: a }).catch(
      () => {
        current = b;
        return openVault({ dataDir }, { method: 'passphrase', passphrase: b });
      },
    );
    process.stdout.write('ready\n');
    for (;;) {
      const next = current === a ? b : a;
      await vault.changePassphrase(current, next);
      current = next;
    }
  }
  throw new Error(`unknown mode ${mode}`);
}

await main();
