import type { KurrentDBClient } from '@kurrent/kurrentdb-client';

/** The part of the client the adapter uses: narrow, so tests can hand in a stand-in. */
export type KurrentClient = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'setStreamMetadata' | 'dispose'>;

/**
 * Loads the client on first connect, not when @grid/platform is imported: requiring it (gRPC plus a native
 * bridge) takes 100–200 ms here, which every service and test importing the platform would otherwise pay,
 * and an install without the native bridge would break imports that never touch KurrentDB.
 */
export async function createClient(connectionString: string): Promise<KurrentClient> {
  const { KurrentDBClient: Client } = await import('@kurrent/kurrentdb-client');
  return Client.connectionString(connectionString);
}
