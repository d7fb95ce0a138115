import type { InvoiceStatus, InvoiceSummary } from '../../../../src-shared/contract';

const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  sent: 'Sent',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  void: 'Void',
};

export function statusLabel(status: InvoiceStatus): string {
  return STATUS_LABELS[status];
}

/** The status a person reads, with "overdue" where it applies. */
export function statusText(invoice: Pick<InvoiceSummary, 'status' | 'overdue'>): string {
  return invoice.overdue ? `${statusLabel(invoice.status)}, overdue` : statusLabel(invoice.status);
}

/** Drafts have no number until they are sent. */
export function invoiceName(invoice: Pick<InvoiceSummary, 'number' | 'clientName'>): string {
  return invoice.number ?? `Draft for ${invoice.clientName}`;
}

export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}
