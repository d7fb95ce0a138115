import type { Client, ClientInput } from '../../../src-shared/contract/invoices';
import { newId } from '../../../src-shared/domain/ids';
import { conflict, notFound } from '../coreError';
import type { SqlDatabase } from '../db/openDatabase';

interface ClientRow {
  id: string;
  name: string;
  email: string;
  address: string;
  tax_id: string;
  created_at: string;
}

type ParsedClient = Required<ClientInput>;

const toClient = (row: ClientRow): Client => ({
  id: row.id,
  name: row.name,
  email: row.email,
  address: row.address,
  taxId: row.tax_id,
  createdAt: row.created_at,
});

export function listClients(db: SqlDatabase): Client[] {
  return (db.prepare('SELECT * FROM invoice_clients ORDER BY name').all() as ClientRow[]).map(
    toClient,
  );
}

export function getClient(db: SqlDatabase, id: string): Client {
  const row = db.prepare('SELECT * FROM invoice_clients WHERE id = ?').get(id) as
    ClientRow | undefined;
  if (!row) throw notFound('client');
  return toClient(row);
}

/** By name, case-insensitively (the CLI's `--client NAME`). */
export function findClientByName(db: SqlDatabase, name: string): Client {
  const row = db
    .prepare('SELECT * FROM invoice_clients WHERE name = ? COLLATE NOCASE')
    .get(name.trim()) as ClientRow | undefined;
  if (!row) throw notFound(`client "${name.trim()}"`);
  return toClient(row);
}

export function createClient(db: SqlDatabase, input: ParsedClient): Client {
  const id = newId();
  try {
    db.prepare(
      'INSERT INTO invoice_clients (id, name, email, address, tax_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(id, input.name, input.email, input.address, input.taxId, new Date().toISOString());
  } catch (error) {
    throw duplicateName(error, input.name);
  }
  return getClient(db, id);
}

export function updateClient(db: SqlDatabase, id: string, input: ParsedClient): Client {
  getClient(db, id);
  try {
    db.prepare(
      'UPDATE invoice_clients SET name = ?, email = ?, address = ?, tax_id = ? WHERE id = ?',
    ).run(input.name, input.email, input.address, input.taxId, id);
  } catch (error) {
    throw duplicateName(error, input.name);
  }
  return getClient(db, id);
}

function duplicateName(error: unknown, name: string): unknown {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE'
    ? conflict(`a client named "${name}" already exists`)
    : error;
}
