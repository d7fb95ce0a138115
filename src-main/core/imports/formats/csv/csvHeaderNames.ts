/*
 * Column names banks use, normalized (lower case, accents and punctuation gone, so
 * "Date de l'opération" is "date de l operation" and "Empfänger" is "empfanger"), in
 * English, German, French, Dutch, Spanish and Italian. Within a list, earlier names win:
 * a booking date beats a value date, a counterparty name beats a free-text description.
 * A name matches a header exactly, or as its first words ("amount" matches
 * "Amount (GBP)"); an exact match beats a prefix match.
 *
 * To support a new bank, add its column names here; tests in csvColumns.test.ts and the
 * fixtures show which names are already covered.
 */

/** Lower case, no accents, ß → ss, every run of other characters one space. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// prettier-ignore
export const DATE_NAMES = [
  'date', 'datum', 'fecha', 'data', 'booking date', 'buchungstag', 'buchungsdatum', 'buchung',
  'transaction date', 'trans date', 'date operation', 'date de l operation', 'date d operation',
  'date comptable', 'date de comptabilisation', 'fecha operacion', 'fecha de operacion',
  'fecha contable', 'data operazione', 'data contabile', 'data registrazione', 'boekdatum',
  'transactiedatum', 'posting date', 'post date', 'posted date', 'completed date', 'started date',
  // Value dates last: the day interest starts counting, not the day of the purchase.
  'value date', 'valutadatum', 'valuta', 'wert', 'wertstellung', 'date de valeur', 'date valeur',
  'fecha valor', 'data valuta', 'rentedatum',
];

// prettier-ignore
export const AMOUNT_NAMES = [
  'amount', 'betrag', 'montant', 'bedrag', 'importe', 'importo', 'umsatz', 'transaction amount',
  'montant de l operation', 'montant operation', 'importe operacion',
];

// prettier-ignore
export const DEBIT_NAMES = [
  'debit', 'debits', 'debit amount', 'paid out', 'money out', 'withdrawal', 'withdrawals',
  'withdrawal amount', 'out', 'soll', 'ausgang', 'ausgaben', 'belastung', 'af', 'uitgaven', 'cargo',
  'cargos', 'debe', 'addebiti', 'addebito', 'uscite', 'dare', 'montant debit',
];

// prettier-ignore
export const CREDIT_NAMES = [
  'credit', 'credits', 'credit amount', 'paid in', 'money in', 'deposit', 'deposits',
  'deposit amount', 'in', 'haben', 'eingang', 'einnahmen', 'gutschrift', 'bij', 'inkomsten', 'abono',
  'abonos', 'haber', 'accrediti', 'accredito', 'entrate', 'avere', 'montant credit',
];

// prettier-ignore
export const INDICATOR_NAMES = [
  'af bij', 'bij af', 'soll haben', 's h', 'debit credit', 'credit debit', 'dr cr', 'cr dr', 'd c',
  'c d', 'debit credit indicator', 'credit debit indicator', 'cdt dbt ind', 'sens', 'indicator',
];

// prettier-ignore
/** Who was paid or who paid. */
export const PAYEE_NAMES = [
  'payee', 'name', 'merchant', 'merchant name', 'counter party', 'counterparty', 'partner name',
  'beneficiary', 'beguenstigter zahlungspflichtiger', 'begunstigter zahlungspflichtiger',
  'begunstigter auftraggeber', 'beguenstigter auftraggeber', 'auftraggeber empfanger',
  'auftraggeber zahlungsempfanger', 'zahlungsempfanger', 'empfanger zahlungspflichtiger',
  'empfanger', 'auftraggeber', 'name zahlungsbeteiligter', 'naam omschrijving', 'naam',
  'tegenpartij', 'naam tegenpartij', 'beneficiaire', 'tiers', 'beneficiario', 'ordenante',
  'beneficiario ordenante', 'controparte', 'beneficiario ordinante',
];

// prettier-ignore
/** The bank's one-line text; the payee when there is no name column. */
export const DESCRIPTION_NAMES = [
  'description', 'transaction description', 'libelle', 'libelle operation',
  'libelle de l operation', 'omschrijving', 'concepto', 'descripcion', 'descrizione',
  'descrizione operazione', 'causale', 'memo', 'narrative', 'transaction details', 'particulars',
];

// prettier-ignore
/** Free text joined into the memo. */
export const MEMO_NAMES = [
  'memo', 'notes', 'note', 'notes and tags', 'reference', 'payment reference', 'verwendungszweck',
  'buchungstext', 'umsatzart', 'vorgang verwendungszweck', 'mededelingen', 'extended details',
  'detail de l ecriture', 'detail', 'libelle complementaire', 'informations complementaires',
  'observaciones', 'concepto', 'causale', 'description', 'libelle', 'omschrijving', 'descrizione',
  'narrative', 'transaction details', 'particulars',
];

// prettier-ignore
/** Checked against the content too: a name alone does not make a column unique. */
export const EXTERNAL_ID_NAMES = [
  'transaction id', 'transactie id', 'transaktions id', 'transaktionsid', 'id', 'fitid',
  'transaction reference', 'reference number', 'reference', 'referenz', 'bank reference',
];

// prettier-ignore
export const STATUS_NAMES = [
  'status', 'state', 'transaction status', 'buchungsstatus', 'statut', 'estado', 'stato', 'info',
  'pending',
];

// prettier-ignore
export const CURRENCY_NAMES = [
  'currency', 'wahrung', 'waehrung', 'devise', 'moneda', 'divisa', 'munt', 'ccy',
];

// prettier-ignore
/** Words that make an amount-like column something else (a balance, a fee, a foreign amount). */
export const NOT_AN_AMOUNT = new Set([
  'balance', 'bal', 'saldo', 'solde', 'kontostand', 'original', 'foreign', 'local', 'fremd',
  'ursprungsbetrag', 'fee', 'fees', 'gebuhr', 'gebuhren', 'gebuehr', 'exchange', 'rate', 'kurs',
  'running',
]);

// prettier-ignore
/** Texts in a status column that mean "not booked yet" (matched as substrings). */
export const PENDING_VALUES = [
  'pending', 'vorgemerkt', 'in bearbeitung', 'en attente', 'en cours', 'in behandeling',
  'pendiente', 'in sospeso', 'authorised', 'authorized', 'not yet posted',
];

// prettier-ignore
/** Debit/credit indicator values, by family, so "S" is read as Soll only beside "H". */
export const INDICATOR_FAMILIES: readonly { debit: string[]; credit: string[] }[] = [
  { debit: ['af'], credit: ['bij'] },
  { debit: ['s', 'soll'], credit: ['h', 'haben'] },
  { debit: ['dr', 'd', 'db', 'debit', 'debito'], credit: ['cr', 'c', 'credit', 'credito'] },
];
