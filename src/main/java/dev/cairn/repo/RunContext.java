package dev.cairn.repo;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What one invocation knows about the world: working directory, environment, clock, how many
 * workers to use and who it is (for lock messages). Passed down instead of global state.
 */
public record RunContext(Path cwd, Map<String, String> env, Clock clock, int jobs, String commandLine) {

    public RunContext {
        cwd = cwd.toAbsolutePath().normalize();
        env = Map.copyOf(env);
        if (jobs < 1) {
            // twice the cores: workers spend much of their time blocked in file-system calls
            jobs = 2 * Runtime.getRuntime().availableProcessors();
        }
    }
}
