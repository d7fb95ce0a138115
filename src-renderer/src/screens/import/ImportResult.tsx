import type { Account, ImportOutcome } from '../../../../src-shared/contract';
import { useNavigation } from '../shell/navigation';

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

/** The last step: what the import did, in counts, and where to go next. */
export function ImportResult({
  fileName,
  account,
  outcome,
  onAnother,
}: {
  fileName: string;
  account: Account;
  outcome: ImportOutcome;
  onAnother: () => void;
}) {
  const { navigate } = useNavigation();
  return (
    <div className="card import-result" role="status" aria-labelledby="import-result-title">
      <h2 id="import-result-title">
        {outcome.added > 0 ? 'Import finished' : 'Nothing new to import'}
      </h2>
      <p>
        From “{fileName}” into {account.name}:
      </p>
      <dl className="import-counts">
        <div>
          <dt>Added</dt>
          <dd data-testid="import-added">{outcome.added.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Already imported (skipped)</dt>
          <dd data-testid="import-duplicates">{outcome.duplicates.toLocaleString()}</dd>
        </div>
        <div>
          <dt>Pending transactions now cleared</dt>
          <dd>{outcome.pendingMatched.toLocaleString()}</dd>
        </div>
      </dl>
      {outcome.warnings.length > 0 && (
        <details className="import-warnings">
          <summary>{plural(outcome.warnings.length, 'line was', 'lines were')} skipped</summary>
          <ul>
            {outcome.warnings.slice(0, 50).map((warning, index) => (
              <li key={index}>
                Line {warning.line}: {warning.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="import-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => navigate('transactions', { accountId: account.id })}
        >
          View transactions
        </button>
        <button type="button" className="button" onClick={onAnother}>
          Import another file
        </button>
      </div>
    </div>
  );
}
