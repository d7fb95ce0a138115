import type { CategoryGroup } from '../../../src-shared/contract';

interface Props {
  groups: readonly CategoryGroup[];
  value: string | null;
  onChange: (categoryId: string | null) => void;
  label: string;
  /** Show the label visually (a form) or only to assistive tech (a table cell). */
  visibleLabel?: boolean;
  id?: string;
  className?: string;
  noneLabel?: string;
  autoFocus?: boolean;
  onKeyDown?: (event: React.KeyboardEvent<HTMLSelectElement>) => void;
  exclude?: string;
}

/** Categories grouped by their group; hidden ones only when already chosen. */
export function CategorySelect({
  groups,
  value,
  onChange,
  label,
  id,
  className = 'input',
  noneLabel = 'Uncategorized',
  autoFocus,
  onKeyDown,
  exclude,
}: Props) {
  return (
    <select
      id={id}
      className={className}
      aria-label={id ? undefined : label}
      value={value ?? ''}
      autoFocus={autoFocus}
      onKeyDown={onKeyDown}
      onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
    >
      <option value="">{noneLabel}</option>
      {groups.map((group) => {
        const visible = group.categories.filter(
          (c) => c.id !== exclude && ((!c.hidden && !group.hidden) || c.id === value),
        );
        if (visible.length === 0) return null;
        return (
          <optgroup key={group.id} label={group.name}>
            {visible.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
