package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalProgressTest {

    @TempDir
    Path dir;

    /** A clock that moves 50 ms each time it is read. */
    private static Clock ticking() {
        return new Clock() {
            private long now = 1_000_000;

            @Override
            public synchronized long millis() {
                return now += 50;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    @Test
    void redrawsOneLineAndEndsIt() {
        StringWriter sink = new StringWriter();
        TerminalProgress p = new TerminalProgress(new PrintWriter(sink), ticking());
        p.begin("Pushing", 3);
        p.item(1024);
        p.item(2048);
        p.item(1024);
        p.end();
        String out = sink.toString();
        assertTrue(out.startsWith("\rPushing  0/3 objects  0 B"), out);
        assertTrue(out.contains("\rPushing  3/3 objects  4.0 KiB"), out);
        assertTrue(out.endsWith("\n") && !out.substring(0, out.length() - 1).contains("\n"), "one line, redrawn with \\r");
    }

    @Test
    void commandsOffATerminalPrintNoProgress() throws Exception {
        TestRepo r = TestRepo.initialized(dir.resolve("repo"));
        r.write("data/a", "a");
        r.run("add", "data").expect(0);
        r.run("remote", "add", "-d", "store", Files.createDirectories(dir.resolve("remote")).toString()).expect(0);
        TestRepo.Run push = r.run("push").expect(0);
        assertEquals("", push.err());
        assertEquals("2 object(s) pushed, 0 already there\n", push.out());
    }

    @Test
    void aRemotesJobsOptionIsCheckedAndUsed() throws Exception {
        TestRepo r = TestRepo.initialized(dir.resolve("repo"));
        r.write("data/a", "a");
        r.run("add", "data").expect(0);
        r.run("remote", "add", "-d", "store", Files.createDirectories(dir.resolve("remote")).toString()).expect(0);
        r.run("remote", "modify", "store", "jobs", "many").expect(0);
        TestRepo.Run bad = r.run("push");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("jobs = 'many' is not a positive number"), bad.err());
        r.run("remote", "modify", "store", "jobs", "3").expect(0);
        r.run("push").expect(0);
    }
}
