import { useState } from 'react';
import type { Account, ImportOutcome } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useAllAccounts } from '../../api/ledgerQueries';
import { invalidate } from '../../api/queryStore';
import { SelectField } from '../../ui/Field';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { useNavigation } from '../shell/navigation';
import { ImportPreviewStep, type PickedFile } from './ImportPreviewStep';
import { ImportResult } from './ImportResult';
import './import.css';

type Step =
  | { kind: 'choose' }
  | { kind: 'preview'; file: PickedFile; account: Account }
  | { kind: 'done'; file: PickedFile; account: Account; outcome: ImportOutcome };

const STEPS = ['Choose a file', 'Check the format', 'Import'] as const;

/**
 * The Import wizard: choose the account and a bank file → check the detected format and
 * the column mapping against a preview → import → what was added, with counts.
 */
export function ImportScreen() {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const current = step.kind === 'choose' ? 0 : step.kind === 'preview' ? 1 : 2;
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">Import</h1>
      </header>
      <ol className="wizard-steps" aria-label="Import steps">
        {STEPS.map((label, index) => (
          <li
            key={label}
            className={index === current ? 'wizard-step wizard-step-current' : 'wizard-step'}
            aria-current={index === current ? 'step' : undefined}
          >
            <span className="wizard-step-number" aria-hidden="true">
              {index + 1}
            </span>
            {label}
          </li>
        ))}
      </ol>
      {step.kind === 'choose' && (
        <ChooseStep onChosen={(file, account) => setStep({ kind: 'preview', file, account })} />
      )}
      {step.kind === 'preview' && (
        <ImportPreviewStep
          file={step.file}
          account={step.account}
          onBack={() => setStep({ kind: 'choose' })}
          onImported={(outcome) => {
            invalidate('transactions.', 'accounts.', 'budgets.', 'reports.', 'payees.');
            setStep({ kind: 'done', file: step.file, account: step.account, outcome });
          }}
        />
      )}
      {step.kind === 'done' && (
        <ImportResult
          fileName={step.file.name}
          account={step.account}
          outcome={step.outcome}
          onAnother={() => setStep({ kind: 'choose' })}
        />
      )}
    </section>
  );
}

function ChooseStep({ onChosen }: { onChosen: (file: PickedFile, account: Account) => void }) {
  const accounts = useAllAccounts();
  const { navigate } = useNavigation();
  const open = (accounts.data ?? []).filter((a) => !a.archived);
  const [accountId, setAccountId] = useState('');
  const [cancelled, setCancelled] = useState(false);
  const chosenAccount = open.find((a) => a.id === accountId) ?? open[0];
  const choose = useAction(() => call('imports.chooseFile', {}));

  const pick = async () => {
    setCancelled(false);
    if (!chosenAccount) return;
    const picked = await choose.run();
    if (picked === undefined) return;
    if (picked === null) setCancelled(true);
    else onChosen(picked, chosenAccount);
  };

  if (accounts.status === 'loading') return <Loading />;
  if (accounts.status === 'error')
    return <ErrorNote error={accounts.error} onRetry={accounts.reload} />;
  if (open.length === 0) {
    return (
      <div className="card">
        <Empty title="Add an account first">
          <p>Imported transactions go into one of your accounts.</p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => navigate('accounts')}
          >
            Go to Accounts
          </button>
        </Empty>
      </div>
    );
  }
  return (
    <div className="card import-choose">
      <p>
        Casike reads CSV, OFX, QFX, QIF and camt.053 statements exported from your bank. It detects
        the layout for you; you check it before anything is added, and importing the same file twice
        adds nothing twice.
      </p>
      <div className="import-choose-row">
        <SelectField
          label="Import into account"
          value={chosenAccount?.id ?? ''}
          onChange={setAccountId}
        >
          {open.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name} ({account.currency})
            </option>
          ))}
        </SelectField>
        <button
          type="button"
          className="button button-primary"
          onClick={() => void pick()}
          disabled={choose.pending}
        >
          {choose.pending ? 'Waiting for a file…' : 'Choose a file…'}
        </button>
      </div>
      <FormError message={choose.error} />
      {cancelled && (
        <p className="muted" role="status">
          No file was chosen.
        </p>
      )}
    </div>
  );
}
