import type { SqlDatabase } from '../../src-main/core/db/openDatabase';
import { findAccountByName, findCategoryByName } from '../../src-main/core/ledger';
import { accountSpec, COMMON_TERM, LAST_YEAR, RARE_TERM } from '../generate/profiles';

/** The ids and terms the read scenarios filter by, looked up in the vault being measured. */
export interface Fixtures {
  /** The busiest account (salary, rent, card payments). */
  checkingId: string;
  /** A common category (about 20% of rows). */
  groceriesId: string;
  /** A rare one (about 1 row in 4,000): its first page has to look far back. */
  rareCategoryId: string;
  /** The last whole year of the ledger: "this year" for the yearly scenarios. */
  year: number;
  firstMonth: string;
  lastMonth: string;
  commonTerm: string;
  rareTerm: string;
}

export function loadFixtures(db: SqlDatabase): Fixtures {
  return {
    checkingId: findAccountByName(db, accountSpec('checking').name).id,
    groceriesId: findCategoryByName(db, 'Groceries').id,
    rareCategoryId: findCategoryByName(db, 'Income tax').id,
    year: LAST_YEAR,
    firstMonth: `${LAST_YEAR - 9}-01`,
    lastMonth: `${LAST_YEAR}-12`,
    commonTerm: COMMON_TERM,
    rareTerm: RARE_TERM,
  };
}
