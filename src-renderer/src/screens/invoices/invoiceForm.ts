import type { Invoice, InvoiceDraftInput } from '../../../../src-shared/contract';
import { isCurrencyCode, toDecimalString } from '../../../../src-shared/domain';
import { UserInputError } from '../../api/errors';
import { readAmount } from '../../ui/format';

/** One line as typed: every field is the text in its input. */
export interface LineForm {
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  discount: string;
}

export interface InvoiceForm {
  clientId: string;
  currency: string;
  dueDate: string;
  paymentTerms: string;
  notes: string;
  discountKind: 'none' | 'percent' | 'amount';
  discount: string;
  lines: LineForm[];
}

let nextKey = 1;

export function emptyLine(): LineForm {
  return {
    key: nextKey++,
    description: '',
    quantity: '1',
    unitPrice: '',
    taxRate: '',
    discount: '',
  };
}

export function emptyForm(clientId: string, currency: string): InvoiceForm {
  return {
    clientId,
    currency,
    dueDate: '',
    paymentTerms: '',
    notes: '',
    discountKind: 'none',
    discount: '',
    lines: [emptyLine()],
  };
}

/** "20" or "7.5" (percent, up to 2 decimals) → basis points; blank is zero. */
export function readPercent(text: string, what: string): number {
  const trimmed = text.trim().replace(/%$/, '').trim();
  if (trimmed === '') return 0;
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(trimmed);
  if (!match)
    throw new UserInputError(`The ${what} "${trimmed.slice(0, 20)}" is not a percentage.`);
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (basisPoints > 10_000) throw new UserInputError(`The ${what} cannot be more than 100%.`);
  return basisPoints;
}

/** Basis points → the text a user would type ("7.5"). */
export function percentText(basisPoints: number): string {
  if (basisPoints === 0) return '';
  const whole = Math.floor(basisPoints / 100);
  const rest = basisPoints % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** A line the user has not started on is left out rather than reported as an error. */
function isBlank(line: LineForm): boolean {
  return line.description.trim() === '' && line.unitPrice.trim() === '';
}

/**
 * The form as the draft the core takes, or a human error saying what is missing. Amounts
 * are read by the shared money parser; every total is computed by the core.
 */
export function toDraftInput(form: InvoiceForm): InvoiceDraftInput {
  if (form.clientId === '') throw new UserInputError('Choose a client.');
  if (!isCurrencyCode(form.currency)) throw new UserInputError('Choose a currency.');
  const lines = form.lines.filter((line) => !isBlank(line));
  if (lines.length === 0) throw new UserInputError('Add at least one line with a description.');
  return {
    clientId: form.clientId,
    currency: form.currency,
    dueDate: form.dueDate === '' ? null : form.dueDate,
    paymentTerms: form.paymentTerms,
    notes: form.notes,
    discount:
      form.discountKind === 'none' || form.discount.trim() === ''
        ? null
        : form.discountKind === 'percent'
          ? { kind: 'percent', basisPoints: readPercent(form.discount, 'invoice discount') }
          : { kind: 'amount', minor: readAmount(form.discount, form.currency, 'invoice discount') },
    lines: lines.map((line, index) => {
      const n = index + 1;
      if (line.description.trim() === '')
        throw new UserInputError(`Line ${n} needs a description.`);
      if (!/^\d{1,9}(\.\d{1,3})?$/.test(line.quantity.trim()) || !/[1-9]/.test(line.quantity)) {
        throw new UserInputError(`Line ${n}: the quantity should look like 2 or 1.5.`);
      }
      const unitPrice =
        line.unitPrice.trim() === '' ? 0 : readAmount(line.unitPrice, form.currency, 'unit price');
      if (unitPrice < 0) throw new UserInputError(`Line ${n}: the unit price cannot be negative.`);
      return {
        description: line.description.trim(),
        quantity: line.quantity.trim(),
        unitPrice,
        taxRateBp: readPercent(line.taxRate, 'tax rate'),
        discountBp: readPercent(line.discount, 'line discount'),
      };
    }),
  };
}

/** A saved draft back into the form, to continue editing it. */
export function formFromInvoice(invoice: Invoice): InvoiceForm {
  const currency = invoice.currency;
  const decimal = (minor: number) =>
    isCurrencyCode(currency) ? toDecimalString(minor, currency) : String(minor);
  return {
    clientId: invoice.clientId,
    currency,
    dueDate: invoice.dueDate ?? '',
    paymentTerms: invoice.paymentTerms,
    notes: invoice.notes,
    discountKind: invoice.discount?.kind ?? 'none',
    discount:
      invoice.discount === null
        ? ''
        : invoice.discount.kind === 'percent'
          ? percentText(invoice.discount.basisPoints)
          : decimal(invoice.discount.minor),
    lines: invoice.lines.map((line) => ({
      key: nextKey++,
      description: line.description,
      quantity: line.quantity,
      unitPrice: decimal(line.unitPrice),
      taxRate: percentText(line.taxRateBp),
      discount: percentText(line.discountBp),
    })),
  };
}
