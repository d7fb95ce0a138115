import { useState } from 'react';
import type { CategoryGroup } from '../../../../src-shared/contract';
import { CategorySelect } from '../../ui/CategorySelect';

interface Props {
  count: number;
  groups: readonly CategoryGroup[];
  pending: boolean;
  onCategorize: (categoryId: string | null) => void;
  onClear: () => void;
}

/** Shown while rows are selected: categorize them all at once. */
export function BulkBar({ count, groups, pending, onCategorize, onClear }: Props) {
  const [categoryId, setCategoryId] = useState<string | null>(null);
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong>{count.toLocaleString()} selected</strong>
      <CategorySelect
        groups={groups}
        value={categoryId}
        onChange={setCategoryId}
        label="Category for the selected transactions"
      />
      <button
        type="button"
        className="button button-primary button-small"
        disabled={pending}
        onClick={() => onCategorize(categoryId)}
      >
        {pending ? 'Applying…' : 'Categorize selected'}
      </button>
      <button type="button" className="button button-small" onClick={onClear}>
        Clear selection
      </button>
    </div>
  );
}
