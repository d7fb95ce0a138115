import sqlcipher from '@journeyapps/sqlcipher';

/**
 * Test-only: reads a table with a SQLCipher 4 build that shares no code with our
 * driver (Zetetic's SQLCipher via @journeyapps/sqlcipher), to prove the file is
 * standard SQLCipher 4 and that only the right key opens it.
 */
export function _readWithIndependentSqlcipher(
  file: string,
  key: Buffer | null,
  sql: string,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(file, sqlcipher.OPEN_READONLY, (openError) => {
      if (openError) reject(openError);
    });
    db.serialize(() => {
      db.run('PRAGMA cipher_compatibility = 4');
      if (key) db.run(`PRAGMA key = "x'${key.toString('hex')}'"`);
      db.all(sql, (error, rows) => {
        db.close();
        if (error) reject(error);
        else resolve(rows);
      });
    });
  });
}
