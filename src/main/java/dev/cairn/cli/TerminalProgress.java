package dev.cairn.cli;

import dev.cairn.progress.Progress;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One status line on stderr, redrawn at most ten times a second:
 * {@code Pushing  1,234/5,000 objects  12.3 MiB  4.1 MiB/s}.
 */
final class TerminalProgress implements Progress {

    private static final long REDRAW_MS = 100;

    private final PrintWriter err;
    private final Clock clock;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private volatile String task = "";
    private volatile long total;
    private long started;
    private long lastDraw;
    private int lastWidth;

    TerminalProgress(PrintWriter err, Clock clock) {
        this.err = err;
        this.clock = clock;
    }

    /** Progress for a command: shown only on a terminal and unless {@code quiet}. */
    static Progress forCommand(CliContext ctx, boolean quiet) {
        boolean terminal = picocli.CommandLine.Help.Ansi.AUTO.enabled() && !ctx.env().containsKey("CAIRN_NO_PROGRESS");
        return quiet || !terminal ? Progress.NONE : new TerminalProgress(ctx.err(), ctx.clock());
    }

    @Override
    public synchronized void begin(String task, long totalItems) {
        this.task = task;
        this.total = totalItems;
        done.set(0);
        bytes.set(0);
        started = clock.millis();
        lastDraw = 0;
        draw();
    }

    @Override
    public void item(long n) {
        done.incrementAndGet();
        bytes.addAndGet(Math.max(0, n));
        long now = clock.millis();
        if (now - lastDraw >= REDRAW_MS) {
            synchronized (this) {
                if (now - lastDraw >= REDRAW_MS) {
                    lastDraw = now;
                    draw();
                }
            }
        }
    }

    @Override
    public synchronized void end() {
        draw();
        err.print('\n');
        err.flush();
    }

    private void draw() {
        double seconds = Math.max(0.001, (clock.millis() - started) / 1000.0);
        String line = String.format(Locale.ROOT, "%s  %,d/%,d objects  %s  %s/s", task, done.get(), total,
                ValueText.humanBytes(bytes.get()), ValueText.humanBytes((long) (bytes.get() / seconds)));
        // pad over the end of a longer previous line
        err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        lastWidth = line.length();
        err.flush();
    }
}
