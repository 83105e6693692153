package dev.cairn.storage.s3;

import dev.cairn.storage.Storage;

/**
 * The storage contract with every request through the SDK's client: the path that the direct
 * requests fall back to for anything but a plain success, and that ranged reads, listings and
 * multipart uploads always take.
 */
class S3StorageSdkOnlyTest extends S3StorageTest {

    @Override
    protected Storage newStorage() {
        return new S3Storage(server.client(), server.newBucket(), "some/prefix");
    }
}
