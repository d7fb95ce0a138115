import type { BankItemView } from '../../../../src-shared/contract';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { FormError } from '../../ui/StateViews';

interface UnlinkDialogProps {
  item: BankItemView;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** "Unlink this bank?": says what goes (the connection) and what stays (the records). */
export function UnlinkDialog({ item, pending, error, onConfirm, onClose }: UnlinkDialogProps) {
  const name = item.institutionName ?? 'this bank';
  const count = item.accounts.length;
  return (
    <Dialog title={`Unlink ${name}?`} open onClose={onClose} onSubmit={onConfirm}>
      <p>
        Casike stops syncing {name}, and Plaid deletes the connection and its access. The{' '}
        {count === 1 ? 'account' : `${count} accounts`} and every transaction already in your vault
        stay; you can link the bank again later.
      </p>
      <FormError message={error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Keep it linked
        </button>
        <button type="submit" className="button button-danger" disabled={pending}>
          {pending ? 'Unlinking…' : 'Unlink bank'}
        </button>
      </DialogActions>
    </Dialog>
  );
}
