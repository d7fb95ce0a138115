import { randomBytes } from 'node:crypto';
import { authorizedClient } from '../cloud';
import {
  bankOverview,
  billingOverview,
  billingPortalUrl,
  checkoutUrl,
  checkServiceUrl,
  exchangeBankLink,
  startBankLink,
  syncBanks,
  unlinkBank,
} from '../bank';
import { CoreError } from '../coreError';
import type { AppSession } from '../session/appSession';
import type { UnlockedVault } from '../vault';
import type { DomainChannels, HandlerMap } from './handlerTypes';

type BanksHandlerMap = HandlerMap<DomainChannels<'banks'> | DomainChannels<'billing'>>;

/*
 * The Banks screen and the Subscription section. Links from the server are checked
 * (checkServiceUrl) and opened by the session's opener, never returned to the renderer;
 * a Hosted Link session's token stays here too, behind a random id. The renderer polls
 * `banks.linkStatus` instead of one call waiting minutes, because calls run one at a time.
 */

interface PendingLink {
  linkToken: string;
  expiresAt: string;
}

/** Link sessions per app session (a new session, e.g. another test's, starts empty). */
const pendingLinks = new WeakMap<AppSession, Map<string, PendingLink>>();

function linksOf(session: AppSession): Map<string, PendingLink> {
  let links = pendingLinks.get(session);
  if (links === undefined) {
    links = new Map();
    pendingLinks.set(session, links);
  }
  return links;
}

async function openServiceUrl(session: AppSession, vault: UnlockedVault, raw: string) {
  const server = authorizedClient(vault).session.serverUrl;
  await session.openUrl(checkServiceUrl(raw, server));
  return { opened: true as const };
}

export const banksHandlers: BanksHandlerMap = {
  'banks.list': (_input, { session }) => bankOverview(session.requireVault()),
  'banks.link': async ({ itemId }, { session }) => {
    const vault = session.requireVault();
    const link = await startBankLink(vault, itemId);
    await openServiceUrl(session, vault, link.hostedLinkUrl);
    const linkId = randomBytes(18).toString('base64url');
    linksOf(session).set(linkId, { linkToken: link.linkToken, expiresAt: link.expiresAt });
    return { linkId, expiresAt: link.expiresAt };
  },
  'banks.linkStatus': async ({ linkId }, { session }) => {
    const vault = session.requireVault();
    const links = linksOf(session);
    const link = links.get(linkId);
    if (link === undefined) throw new CoreError('NOT_FOUND', 'that bank link is no longer open');
    if (Date.parse(link.expiresAt) < Date.now()) {
      links.delete(linkId);
      return { status: 'expired' as const, institutions: [] };
    }
    const result = await exchangeBankLink(vault, link.linkToken);
    if (result.status === 'pending') return { status: 'pending' as const, institutions: [] };
    links.delete(linkId);
    if (result.status === 'exited') return { status: 'exited' as const, institutions: [] };
    const items = result.status === 'linked' ? result.items : [result.item];
    return {
      status: result.status,
      institutions: items.map((item) => item.institutionName ?? 'bank'),
    };
  },
  'banks.sync': async ({ itemId }, { session }) => {
    const results = await syncBanks(session.requireVault(), itemId);
    return {
      results: results.map((r) => ({
        itemId: r.itemId,
        institutionName: r.institutionName,
        added: r.added,
        modified: r.modified,
        removed: r.removed,
        pendingReplaced: r.pendingReplaced,
      })),
    };
  },
  'banks.unlink': async ({ itemId }, { session }) => {
    await unlinkBank(session.requireVault(), itemId);
    return { unlinked: true as const };
  },
  'billing.status': (_input, { session }) => billingOverview(session.requireVault()),
  'billing.checkout': async (_input, { session }) => {
    const vault = session.requireVault();
    return openServiceUrl(session, vault, await checkoutUrl(vault));
  },
  'billing.portal': async (_input, { session }) => {
    const vault = session.requireVault();
    return openServiceUrl(session, vault, await billingPortalUrl(vault));
  },
};
