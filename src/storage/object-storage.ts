/** Where photos and other files live: a folder on one machine, or an S3 bucket for several. */
export abstract class ObjectStorage {
  abstract put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or undefined when there is none under the key. */
  abstract get(key: string): Promise<{ body: Buffer; contentType: string } | undefined>;
  abstract delete(key: string): Promise<void>;
}

/** Keys are made by the app (`photos/<uuid>`), never from client input; anything else is refused. */
export function assertSafeKey(key: string): void {
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(key)) throw new Error(`Unsafe storage key: ${key}`);
}
