package dev.cairn.repo;

import dev.cairn.util.AtomicFiles;
import dev.cairn.util.CairnException;
import dev.cairn.util.IoErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The repository lock that keeps two writing commands apart. It is an OS file lock, so a holder
 * that dies (even by kill -9) releases it and the next command takes over; the file also names
 * the holder's PID and command for the message a blocked command prints.
 */
public final class RepoLock implements AutoCloseable {

    /** How long a blocked command waits for the holder's line to appear (or the lock to come free). */
    private static final long HOLDER_WAIT_NANOS = 1_000_000_000L;

    private final FileChannel channel;
    private final FileLock lock;

    private RepoLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static RepoLock acquire(Path lockFile, String commandLine) {
        AtomicFiles.createDirectories(lockFile.getParent());
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(ch);
            String holder = "";
            // a holder writes its line just after taking the lock and empties the file just before
            // letting go: an empty line means one of those moments, so look (and try) again briefly
            for (long deadline = System.nanoTime() + HOLDER_WAIT_NANOS; lock == null; lock = tryLock(ch)) {
                holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
                if (!holder.isEmpty() || System.nanoTime() > deadline) {
                    break;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (lock == null) {
                ch.close();
                throw CairnException.state("the repository is locked by another Cairn command"
                        + (holder.isEmpty() ? "" : " (" + holder + ")")
                        + "\nhint: wait for it to finish; a lock left by a process that died is taken over automatically");
            }
            String me = "PID " + ProcessHandle.current().pid() + ": " + commandLine;
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            return new RepoLock(ch, lock);
        } catch (IOException e) {
            try {
                if (ch != null) {
                    ch.close();
                }
            } catch (IOException ignored) {
                // closing after a failure
            }
            throw IoErrors.failure("lock", lockFile, e);
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process (another in-process command)
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock when the channel goes away
        }
    }
}
