import { useEffect, useRef, useState } from 'react';
import type {
  Account,
  CsvChoices,
  CsvDateFormat,
  CsvMapping,
  ImportOutcome,
  ImportPreview,
} from '../../../../src-shared/contract';
import { call, subscribe } from '../../api/client';
import { useAction, useCall } from '../../api/hooks';
import { Amount } from '../../ui/Amount';
import { shortDate } from '../../ui/format';
import { ErrorNote, FormError, Loading } from '../../ui/StateViews';
import { dialectSummary, FORMAT_NAMES } from './csvLabels';
import { MappingEditor } from './MappingEditor';

export interface PickedFile {
  fileToken: string;
  name: string;
}

interface Props {
  file: PickedFile;
  account: Account;
  onBack: () => void;
  onImported: (outcome: ImportOutcome) => void;
}

function newTaskId(): string {
  return `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Step 2: what detection found (format, encoding, delimiter, dates), the column mapping
 * with the file's first lines, and the rows as they would be imported. Corrections go
 * back to the core, which previews again; the confirmed mapping is what gets imported.
 */
export function ImportPreviewStep({ file, account, onBack, onImported }: Props) {
  const [mapping, setMapping] = useState<CsvMapping | undefined>(undefined);
  const [dateFormat, setDateFormat] = useState<CsvDateFormat | undefined>(undefined);
  const choices: CsvChoices | undefined =
    mapping || dateFormat ? { mapping, dateFormat } : undefined;
  const input = { fileToken: file.fileToken, accountId: account.id, csv: choices };
  const preview = useCall('imports.preview', input);

  // Keep showing the last answer while a corrected mapping is previewed, so the screen
  // does not flash back to a spinner on every change.
  const last = useRef<ImportPreview | undefined>(undefined);
  if (preview.data) last.current = preview.data;
  const shown = preview.data ?? last.current;

  const [progress, setProgress] = useState<number | null>(null);
  const taskId = useRef(newTaskId());
  useEffect(
    () =>
      subscribe('task.progress', (event) => {
        if (event.taskId === taskId.current) setProgress(event.done);
      }),
    [],
  );
  const run = useAction(async () => {
    taskId.current = newTaskId();
    setProgress(0);
    try {
      return await call('imports.run', { ...input, taskId: taskId.current, dryRun: false });
    } finally {
      setProgress(null);
    }
  });
  const cancel = useAction(() => call('imports.cancel', { taskId: taskId.current }));

  if (!shown) {
    if (preview.status === 'error') {
      return (
        <div className="card">
          <ErrorNote error={preview.error} onRetry={preview.reload} />
          <button type="button" className="button" onClick={onBack}>
            Choose another file
          </button>
        </div>
      );
    }
    return <Loading label={`Reading “${file.name}”…`} />;
  }

  const csv = shown.csv;
  const blocking = csv?.error ?? null;
  const start = async () => {
    const outcome = await run.run();
    if (outcome) onImported(outcome);
  };

  return (
    <div className="import-preview">
      <div className="card">
        <h2 className="card-title">Detected format</h2>
        <dl className="import-detected">
          <div>
            <dt>File</dt>
            <dd>{shown.fileName}</dd>
          </div>
          <div>
            <dt>Format</dt>
            <dd data-testid="import-format">{FORMAT_NAMES[shown.format]}</dd>
          </div>
          {csv && (
            <div>
              <dt>Layout</dt>
              <dd>{dialectSummary(csv.dialect)}</dd>
            </div>
          )}
          <div>
            <dt>Into account</dt>
            <dd>
              {account.name} ({account.currency})
            </dd>
          </div>
        </dl>
        {csv?.savedMappingUsed && (
          <p className="muted">Using the column mapping you confirmed for this bank last time.</p>
        )}
      </div>

      {csv && (
        <div className="card">
          <h2 className="card-title">Columns</h2>
          <MappingEditor
            csv={csv}
            mapping={mapping ?? csv.mapping}
            dateFormat={dateFormat ?? csv.dialect.dateFormat}
            onMapping={setMapping}
            onDateFormat={setDateFormat}
          />
        </div>
      )}

      <div className="card card-flush">
        <div className="card-header import-rows-header">
          <h2 className="card-title">How the first rows will be imported</h2>
          {preview.status === 'loading' && (
            <span className="spinner" aria-label="Updating the preview" />
          )}
        </div>
        {preview.status === 'error' && <ErrorNote error={preview.error} onRetry={preview.reload} />}
        {blocking && (
          <div className="error-note" role="alert">
            Line {blocking.line} cannot be read with these settings: {blocking.message}
          </div>
        )}
        {shown.rows.length === 0 && !blocking ? (
          <p className="muted import-none">No transactions were found in this file.</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">Preview of the imported transactions</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Payee</th>
                <th scope="col">Memo</th>
                <th scope="col" className="amount">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.rows.map((row) => (
                <tr key={row.line}>
                  <td>{shortDate(row.date)}</td>
                  <td>
                    {row.payee}
                    {row.pending && <span className="badge import-pending">Pending</span>}
                  </td>
                  <td className="muted">{row.memo}</td>
                  <td className="amount">
                    <Amount minor={row.amount} currency={account.currency} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {shown.warnings.length > 0 && (
          <ul className="import-warnings">
            {shown.warnings.slice(0, 10).map((warning, index) => (
              <li key={index}>
                Line {warning.line}: {warning.message}
              </li>
            ))}
          </ul>
        )}
      </div>

      <FormError message={run.error ?? cancel.error} />
      <div className="import-actions">
        <button type="button" className="button" onClick={onBack} disabled={run.pending}>
          Back
        </button>
        {run.pending ? (
          <>
            <span role="status" className="muted">
              Importing… {progress ? `${progress.toLocaleString()} rows read` : ''}
            </span>
            <button type="button" className="button" onClick={() => void cancel.run()}>
              Cancel import
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => void start()}
            disabled={blocking !== null || preview.status !== 'success'}
          >
            Import into {account.name}
          </button>
        )}
      </div>
    </div>
  );
}
