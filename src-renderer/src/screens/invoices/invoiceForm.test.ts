import { describe, expect, it } from 'vitest';
import { InvoiceDraftInputSchema } from '../../../../src-shared/contract';
import { UserInputError } from '../../api/errors';
import { emptyForm, emptyLine, percentText, readPercent, toDraftInput } from './invoiceForm';

const CLIENT = '0190a0b0-0000-7000-8000-000000000001';

describe('the invoice editor form', () => {
  it('reads percentages as basis points and writes them back', () => {
    expect(readPercent('20', 'tax rate')).toBe(2000);
    expect(readPercent('7.5%', 'tax rate')).toBe(750);
    expect(readPercent('0.25', 'tax rate')).toBe(25);
    expect(readPercent('', 'tax rate')).toBe(0);
    expect(percentText(750)).toBe('7.5');
    expect(percentText(25)).toBe('0.25');
    expect(percentText(2000)).toBe('20');
    expect(() => readPercent('120', 'tax rate')).toThrow('cannot be more than 100%');
    expect(() => readPercent('abc', 'tax rate')).toThrow(UserInputError);
  });

  it('turns a filled form into a draft the contract accepts, skipping blank lines', () => {
    const form = emptyForm(CLIENT, 'USD');
    form.lines = [
      { ...emptyLine(), description: ' Design ', quantity: '1.5', unitPrice: '120', taxRate: '20' },
      emptyLine(),
    ];
    form.discountKind = 'amount';
    form.discount = '10.50';
    const input = toDraftInput(form);
    expect(InvoiceDraftInputSchema.safeParse(input).success).toBe(true);
    expect(input.lines).toEqual([
      { description: 'Design', quantity: '1.5', unitPrice: 12000, taxRateBp: 2000, discountBp: 0 },
    ]);
    expect(input.discount).toEqual({ kind: 'amount', minor: 1050 });
  });

  it('says what is missing in a sentence', () => {
    expect(() => toDraftInput(emptyForm('', 'USD'))).toThrow('Choose a client.');
    expect(() => toDraftInput(emptyForm(CLIENT, 'USD'))).toThrow('Add at least one line');
    const form = emptyForm(CLIENT, 'USD');
    form.lines = [{ ...emptyLine(), description: 'Work', quantity: '0', unitPrice: '5' }];
    expect(() => toDraftInput(form)).toThrow('Line 1: the quantity');
  });
});
