import { useState, type FormEvent } from 'react';
import type { Category, CategoryGroup } from '../../../../src-shared/contract';
import { call } from '../../api/client';
import { useAction } from '../../api/hooks';
import { useCategories } from '../../api/ledgerQueries';
import { invalidate } from '../../api/queryStore';
import { CategorySelect } from '../../ui/CategorySelect';
import { Dialog, DialogActions } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { Empty, ErrorNote, FormError, Loading } from '../../ui/StateViews';

const refresh = () => invalidate('categories.', 'transactions.', 'reports.', 'budgets.');

/** Category groups and their categories: add, rename, hide, delete with reassignment. */
export function CategoriesManager() {
  const categories = useCategories();
  const [deleting, setDeleting] = useState<Category | null>(null);
  const groups = categories.data ?? [];

  if (categories.status === 'loading') return <Loading />;
  if (categories.status === 'error')
    return <ErrorNote error={categories.error} onRetry={categories.reload} />;
  return (
    <div className="categories">
      <NewGroupForm />
      {groups.length === 0 && (
        <Empty title="No categories yet">Add a group, then categories in it.</Empty>
      )}
      {groups.map((group) => (
        <GroupCard key={group.id} group={group} onDelete={setDeleting} />
      ))}
      {deleting && (
        <DeleteCategoryDialog
          category={deleting}
          groups={groups}
          onClose={() => setDeleting(null)}
        />
      )}
    </div>
  );
}

function NewGroupForm() {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'expense' | 'income'>('expense');
  const create = useAction(async () => {
    const group = await call('categories.createGroup', { name, kind });
    refresh();
    return group;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await create.run()) setName('');
  };
  return (
    <form className="settings-row" onSubmit={submit} noValidate>
      <Field
        label="New group"
        value={name}
        onChange={setName}
        maxLength={120}
        placeholder="e.g. Household"
      />
      <SelectField label="Kind" value={kind} onChange={(v) => setKind(v as 'expense' | 'income')}>
        <option value="expense">Expenses</option>
        <option value="income">Income</option>
      </SelectField>
      <button type="submit" className="button" disabled={create.pending || name.trim() === ''}>
        Add group
      </button>
      <FormError message={create.error} />
    </form>
  );
}

function GroupCard({
  group,
  onDelete,
}: {
  group: CategoryGroup;
  onDelete: (category: Category) => void;
}) {
  const [name, setName] = useState('');
  const add = useAction(async () => {
    const created = await call('categories.create', { groupId: group.id, name });
    refresh();
    return created;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await add.run()) setName('');
  };
  return (
    <section className="category-group" aria-label={`${group.name} group`}>
      <header className="category-group-header">
        <h3>{group.name}</h3>
        <span className="badge">{group.kind === 'income' ? 'Income' : 'Expenses'}</span>
        {group.hidden && <span className="badge">Hidden</span>}
      </header>
      <ul className="category-list">
        {group.categories.map((category) => (
          <CategoryItem key={category.id} category={category} onDelete={() => onDelete(category)} />
        ))}
      </ul>
      <form className="category-add" onSubmit={submit} noValidate>
        <input
          className="input"
          aria-label={`New category in ${group.name}`}
          placeholder="New category"
          value={name}
          maxLength={120}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="submit"
          className="button button-small"
          disabled={add.pending || name.trim() === ''}
        >
          Add
        </button>
        <FormError message={add.error} />
      </form>
    </section>
  );
}

function CategoryItem({ category, onDelete }: { category: Category; onDelete: () => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const update = useAction(async (patch: { name?: string; hidden?: boolean }) => {
    const saved = await call('categories.update', { id: category.id, ...patch });
    refresh();
    return saved;
  });
  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (await update.run({ name })) setEditing(false);
  };
  return (
    <li className={category.hidden ? 'category-item category-hidden' : 'category-item'}>
      {editing ? (
        <form className="category-rename" onSubmit={rename} noValidate>
          <input
            className="input"
            aria-label={`New name for ${category.name}`}
            value={name}
            maxLength={120}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setEditing(false);
                setName(category.name);
              }
            }}
          />
          <button type="submit" className="button button-small" disabled={update.pending}>
            Save
          </button>
          <button type="button" className="button button-small" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <span className="category-name">
            {category.name}
            {category.hidden && <span className="badge">Hidden</span>}
          </span>
          <span className="category-actions">
            <button
              type="button"
              className="button button-small"
              onClick={() => setEditing(true)}
              aria-label={`Rename ${category.name}`}
            >
              Rename
            </button>
            <button
              type="button"
              className="button button-small"
              disabled={update.pending}
              onClick={() => void update.run({ hidden: !category.hidden })}
              aria-label={`${category.hidden ? 'Show' : 'Hide'} ${category.name}`}
            >
              {category.hidden ? 'Show' : 'Hide'}
            </button>
            <button
              type="button"
              className="button button-small button-danger"
              onClick={onDelete}
              aria-label={`Delete ${category.name}`}
            >
              Delete
            </button>
          </span>
        </>
      )}
      <FormError message={update.error} />
    </li>
  );
}

function DeleteCategoryDialog({
  category,
  groups,
  onClose,
}: {
  category: Category;
  groups: readonly CategoryGroup[];
  onClose: () => void;
}) {
  const [reassignTo, setReassignTo] = useState<string | null>(null);
  const remove = useAction(async () => {
    const result = await call('categories.delete', { id: category.id, reassignTo });
    refresh();
    return result;
  });
  return (
    <Dialog
      title={`Delete “${category.name}”?`}
      open
      onClose={onClose}
      onSubmit={() =>
        void remove.run().then((done) => {
          if (done) onClose();
        })
      }
    >
      <p>Transactions and budgets in this category move to the category you choose.</p>
      <div className="field">
        <label htmlFor="reassign-to">Move its transactions to</label>
        <CategorySelect
          id="reassign-to"
          groups={groups}
          value={reassignTo}
          onChange={setReassignTo}
          label="Move its transactions to"
          noneLabel="Uncategorized"
          exclude={category.id}
        />
      </div>
      <FormError message={remove.error} />
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-danger" disabled={remove.pending}>
          Delete category
        </button>
      </DialogActions>
    </Dialog>
  );
}
