package dev.cairn.pipeline;

import dev.cairn.util.CairnException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Runs a stage's commands with {@code sh -c} in its working directory, one after the other. */
public final class CommandRunner {

    private CommandRunner() {
    }

    /**
     * Runs the commands in order, passing every line they print (stdout and stderr) to {@code lines};
     * stops at the first that fails.
     *
     * @return 0, or the exit status of the command that failed
     */
    public static int run(Stage stage, Consumer<String> lines) {
        for (String cmd : stage.spec().cmd()) {
            int status = runOne(stage, cmd, lines);
            if (status != 0) {
                return status;
            }
        }
        return 0;
    }

    private static int runOne(Stage stage, String cmd, Consumer<String> lines) {
        lines.accept("> " + cmd);
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", cmd).directory(stage.wdir().toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw CairnException.failed("stage '" + stage + "': cannot start 'sh': " + e.getMessage(), e);
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.accept(line);
            }
            return process.waitFor();
        } catch (IOException e) {
            throw CairnException.failed("stage '" + stage + "': reading the command's output failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CairnException.failed("stage '" + stage + "': interrupted", e);
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
        }
    }
}
