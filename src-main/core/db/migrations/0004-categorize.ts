import type { Migration } from './migration';

/**
 * What the local categorizer learns from: how many times each payee was filed under
 * each category, kept by triggers as transactions are added, edited and deleted, so
 * learning from a new choice costs one row update and no pass over the ledger.
 * Split transactions and transfers teach nothing: their category is not one choice.
 * `revision` moves on every change so a cached model knows when it is stale.
 */
export const migration0004Categorize: Migration = {
  version: 4,
  name: 'categorize',
  up(db) {
    db.exec(`
      CREATE TABLE payee_category_counts (
        payee_id TEXT NOT NULL,
        category_id TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (payee_id, category_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE categorize_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        revision INTEGER NOT NULL
      ) STRICT;
      INSERT INTO categorize_state (id, revision) VALUES (1, 0);

      INSERT INTO payee_category_counts (payee_id, category_id, count)
        SELECT payee_id, category_id, count(*) FROM transactions
        WHERE ${TEACHES('transactions')}
        GROUP BY payee_id, category_id;

      ${LEARN_TRIGGERS}
    `);
  },
};

/** Whether a transaction row is one categorizing choice the model should learn from. */
const TEACHES = (row: string) =>
  `${row}.is_split = 0 AND ${row}.transfer_id IS NULL AND ${row}.category_id IS NOT NULL AND ${row}.payee_id IS NOT NULL`;

const count = (row: 'NEW' | 'OLD', sign: 1 | -1) => `
  INSERT INTO payee_category_counts (payee_id, category_id, count)
  SELECT ${row}.payee_id, ${row}.category_id, ${sign} WHERE ${TEACHES(row)}
  ON CONFLICT (payee_id, category_id) DO UPDATE SET count = count + excluded.count;`;

const BUMP = `UPDATE categorize_state SET revision = revision + 1 WHERE id = 1;`;

const LEARN_TRIGGERS = `
  CREATE TRIGGER transactions_ai_learn AFTER INSERT ON transactions WHEN ${TEACHES('NEW')} BEGIN
    ${count('NEW', 1)}
    ${BUMP}
  END;
  CREATE TRIGGER transactions_ad_learn AFTER DELETE ON transactions WHEN ${TEACHES('OLD')} BEGIN
    ${count('OLD', -1)}
    ${BUMP}
  END;
  CREATE TRIGGER transactions_au_learn AFTER UPDATE ON transactions
  WHEN OLD.category_id IS NOT NEW.category_id OR OLD.payee_id IS NOT NEW.payee_id
    OR OLD.is_split != NEW.is_split OR OLD.transfer_id IS NOT NEW.transfer_id BEGIN
    ${count('OLD', -1)}
    ${count('NEW', 1)}
    DELETE FROM payee_category_counts WHERE count = 0 AND payee_id IN (OLD.payee_id, NEW.payee_id);
    ${BUMP}
  END;
`;
