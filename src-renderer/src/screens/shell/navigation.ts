import { createContext, useContext } from 'react';
import type { RouteId } from './routes';

/** Where a screen was opened for: e.g. Transactions filtered to one account. */
export interface RouteParams {
  accountId?: string;
}

export interface Navigation {
  route: RouteId;
  params: RouteParams;
  navigate: (route: RouteId, params?: RouteParams) => void;
}

export const NavigationContext = createContext<Navigation>({
  route: 'dashboard',
  params: {},
  navigate: () => undefined,
});

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
