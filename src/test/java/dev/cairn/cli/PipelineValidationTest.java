package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad pipeline file ends in exit 2, a message with file, line and column, and nothing run. */
class PipelineValidationTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown stage key      | stages:\\n  a:\\n    cmd: touch ran\\n    outz: [x]\\n                                         | pipeline.yaml:4:11: stage 'a': unknown key 'outz'
            unknown top-level key  | stagez:\\n  a:\\n    cmd: touch ran\\n                                                      | pipeline.yaml:2:3: unknown key 'stagez'
            wrong type of cmd      | stages:\\n  a:\\n    cmd: {x: 1}\\n                                                       | pipeline.yaml:3:10: stage 'a': 'cmd' must be a command or a non-empty list of commands, not a mapping
            wrong type of frozen   | stages:\\n  a:\\n    cmd: touch ran\\n    frozen: maybe\\n                                    | pipeline.yaml:4:13: stage 'a': 'frozen' must be true or false, not a string
            missing cmd            | stages:\\n  a:\\n    outs: [x]\\n                                                         | pipeline.yaml:3:5: stage 'a': missing required key 'cmd'
            undefined variable     | stages:\\n  a:\\n    cmd: echo ${nope} > ran\\n                                           | pipeline.yaml:3:10: stage 'a': '${nope}': 'nope' is not defined
            cycle                  | stages:\\n  a:\\n    cmd: touch ran\\n    deps: [y]\\n    outs: [x]\\n  b:\\n    cmd: cp x y\\n    deps: [x]\\n    outs: [y]\\n | the stages form a cycle: a -> b -> a
            same output twice      | stages:\\n  a:\\n    cmd: touch ran\\n    outs: [x]\\n  b:\\n    cmd: touch x\\n    outs: [x]\\n     | pipeline.yaml:7:12: 'x' is an output of both stage 'a' (pipeline.yaml:4:12) and stage 'b'
            output inside output   | stages:\\n  a:\\n    cmd: touch ran\\n    outs: [d]\\n  b:\\n    cmd: touch d/x\\n    outs: [d/x]\\n | pipeline.yaml:7:12: output 'd/x' of stage 'b' lies inside output 'd' of stage 'a' (pipeline.yaml:4:12)
            output escapes repo    | stages:\\n  a:\\n    cmd: touch ran\\n    outs: [../x]\\n                                      | pipeline.yaml:4:12
            YAML tag               | stages: !!python/object:os.system\\n  a: 1\\n                                                     | pipeline.yaml:1:9: invalid YAML: Global tag is not allowed
            invalid YAML           | stages:\\n  a: [\\n                                                                              | pipeline.yaml:4:1: invalid YAML
            duplicate key          | stages:\\n  a:\\n    cmd: touch ran\\n  a:\\n    cmd: touch ran\\n                         | pipeline.yaml:4:3: duplicate key 'a'
            foreach with extra key | stages:\\n  a:\\n    foreach: [1, 2]\\n    cmd: x\\n    do:\\n      cmd: touch ran\\n       | pipeline.yaml:4:10: stage 'a': with 'foreach' all keys go under 'do'
            bad params entry       | stages:\\n  a:\\n    cmd: touch ran\\n    params: [{a.yaml: 3}]\\n                            | pipeline.yaml:4:23: stage 'a': params of 'a.yaml' must be a list
            """)
    void badPipelineIsRefused(String name, String yaml, String expected) throws Exception {
        TestRepo r = TestRepo.initialized(dir);
        r.write("pipeline.yaml", yaml.strip().replace("\\n", "\n") + "\n");
        for (String command : new String[] {"repro", "status"}) {
            TestRepo.Run run = r.run(command);
            assertEquals(2, run.code(), () -> command + ": " + run.out() + run.err());
            assertTrue(run.err().contains(expected), () -> command + ": " + run.err());
        }
        assertFalse(r.exists("ran"), "nothing ran");
        assertFalse(r.exists("pipeline.lock"), "nothing written");
    }
}
