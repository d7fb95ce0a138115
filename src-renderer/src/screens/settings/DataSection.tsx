import { useState } from 'react';
import { DELETE_ALL_PHRASE } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { UserInputError } from '../../api/errors';
import { useAction } from '../../api/hooks';
import { invalidate } from '../../api/queryStore';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { FormError } from '../../ui/StateViews';

/** "Export all data" (one JSON file the user picks) and "Delete all data" (irreversible). */
export function DataSection() {
  const [exported, setExported] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const exportAll = useAction(async () => {
    const target = await call('exports.chooseDestination', {
      suggestedName: 'casike-all-data.json',
    });
    if (!target) return null;
    const result = await call('vault.exportAll', { fileToken: target.fileToken });
    return `Exported ${result.rows} rows from ${result.tables} tables to ${target.name}.`;
  });
  return (
    <div className="form-stack">
      <p className="field-hint">
        The export is one JSON file with your accounts, categories, payees, transactions, rules,
        budgets, expenses, invoices, receipt details and settings. It is not encrypted: keep it
        somewhere safe. Passwords and API keys are never included.
      </p>
      <div className="settings-row">
        <button
          type="button"
          className="button"
          disabled={exportAll.pending}
          onClick={() => void exportAll.run().then((message) => setExported(message ?? null))}
        >
          Export all data
        </button>
        <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
          Delete all data
        </button>
      </div>
      <FormError message={exportAll.error} />
      {exported && (
        <p className="form-success" role="status">
          {exported}
        </p>
      )}
      {deleting && <DeleteAllDialog onClose={() => setDeleting(false)} />}
    </div>
  );
}

function DeleteAllDialog({ onClose }: { onClose: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [phrase, setPhrase] = useState('');
  const remove = useAction(async () => {
    if (phrase !== DELETE_ALL_PHRASE)
      throw new UserInputError(`Type ${DELETE_ALL_PHRASE} exactly to confirm.`);
    if (passphrase === '') throw new UserInputError('Enter your passphrase.');
    const result = await call('vault.deleteAll', { passphrase, confirmation: DELETE_ALL_PHRASE });
    invalidate('vault.');
    return result;
  });
  return (
    <Dialog title="Delete all data?" open onClose={onClose} onSubmit={() => void remove.run()}>
      <p>
        This removes the vault from this device: every account, transaction, receipt, invoice and
        setting, and the keychain entry. It cannot be undone. Cloud backups, if any, are not
        touched. Export your data first if you may need it.
      </p>
      <Field
        label="Your passphrase"
        type="password"
        autoComplete="current-password"
        value={passphrase}
        onChange={setPassphrase}
      />
      <Field
        label={`Type ${DELETE_ALL_PHRASE} to confirm`}
        value={phrase}
        onChange={setPhrase}
        autoComplete="off"
      />
      <FormError message={remove.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-danger"
          disabled={remove.pending || phrase !== DELETE_ALL_PHRASE || passphrase === ''}
        >
          Delete everything
        </button>
      </DialogActions>
    </Dialog>
  );
}
