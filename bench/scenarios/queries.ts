import {
  TransactionQuerySchema,
  type ParsedTransactionQuery,
  type TransactionQuery,
} from '../../src-shared/contract/ledger';

/** A list query with the contract's defaults applied (newest first, 100 rows), as the IPC layer passes it. */
export const listQuery = (query: TransactionQuery = {}): ParsedTransactionQuery =>
  TransactionQuerySchema.parse(query);
