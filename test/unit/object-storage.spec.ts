import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeS3Server } from '../../src/dev/fake-s3-server.js';
import { FolderStorage } from '../../src/storage/folder-storage.js';
import type { ObjectStorage } from '../../src/storage/object-storage.js';
import { S3Storage } from '../../src/storage/s3-storage.js';

const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);

/** The same behaviour from both stores: the folder, and S3 through the real AWS SDK to a local S3 API server. */
describe.each([
  [
    'folder',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'atelier-storage-'));
      return { storage: new FolderStorage(root) as ObjectStorage, stop: () => rm(root, { recursive: true, force: true }) };
    },
  ],
  [
    'S3 (AWS SDK against the local S3 API server)',
    async () => {
      const server = await new FakeS3Server({ bucket: 'atelier-photos', accessKeyId: 'test-key' }).start();
      const storage = new S3Storage({ bucket: 'atelier-photos', region: 'us-east-1', endpoint: server.endpoint, accessKeyId: 'test-key', secretAccessKey: 'test-secret' });
      return { storage: storage as ObjectStorage, stop: async () => (storage.destroy(), server.stop()) };
    },
  ],
])('object storage: %s', (_name, open) => {
  let store: { storage: ObjectStorage; stop: () => Promise<unknown> };

  beforeAll(async () => {
    store = await open();
  });

  afterAll(async () => {
    await store?.stop();
  });

  it('keeps the bytes and content type of an object, and forgets it when deleted', async () => {
    await store.storage.put('photos/abc-123', PHOTO, 'image/jpeg');
    expect(await store.storage.get('photos/abc-123')).toEqual({ body: PHOTO, contentType: 'image/jpeg' });
    await store.storage.delete('photos/abc-123');
    expect(await store.storage.get('photos/abc-123')).toBeUndefined();
    expect(await store.storage.get('photos/never-there')).toBeUndefined();
  });

  it('refuses keys that could leave its folder or bucket', async () => {
    await expect(store.storage.put('../etc/passwd', PHOTO, 'image/jpeg')).rejects.toThrow(/Unsafe storage key/);
    await expect(store.storage.get('photos/../../x')).rejects.toThrow(/Unsafe storage key/);
  });
});

it('the local S3 API server refuses a request signed with another key', async () => {
  const server = await new FakeS3Server({ bucket: 'atelier-photos', accessKeyId: 'right-key' }).start();
  const storage = new S3Storage({ bucket: 'atelier-photos', region: 'us-east-1', endpoint: server.endpoint, accessKeyId: 'wrong-key', secretAccessKey: 'x' });
  try {
    await expect(storage.put('photos/a', PHOTO, 'image/jpeg')).rejects.toThrow(/expected access key|InvalidAccessKeyId/);
  } finally {
    storage.destroy();
    await server.stop();
  }
});
