package dev.cairn.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What a command invocation gets from its caller: working directory, environment, clock and the
 * streams it reads and writes. Tests pass their own, so commands run in-process and in parallel.
 */
public record CliContext(Path cwd, Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err, BufferedReader in) {
}
