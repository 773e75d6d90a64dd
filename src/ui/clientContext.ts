// The worker client, handed to controls through context (the composition root in main.tsx creates it).

import { createContext, useContext } from 'react';
import type { ArClient } from '../worker/client';

export const ClientContext = createContext<ArClient | null>(null);

export function useClient(): ArClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient must be used inside <ClientContext.Provider>.');
  return client;
}
